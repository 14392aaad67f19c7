import { routes, type AiLlm, type CreateAiLlmRequest, type UpdateAiLlmRequest } from './contract';
import type { ResourceApiContext } from './resource-api';
import { findInList } from './resource-api';

export class AiLlmsApi {
  constructor(private readonly ctx: ResourceApiContext) {}

  async list(query: { workspaceId?: string } = {}, signal?: AbortSignal): Promise<AiLlm[]> {
    const res = await this.ctx.cachedList(
      `ai/llm?${query.workspaceId ?? ''}`,
      { method: 'GET', path: routes.listAiLlms.path },
      (s) => this.ctx.transport.call(routes.listAiLlms, { query: { ...query }, signal: s }),
      signal,
    );
    return res.aiLlms;
  }

  async get(workspaceId: string, id: string, signal?: AbortSignal): Promise<AiLlm> {
    return findInList(await this.list({ workspaceId }, signal), id, 'AI model configuration', workspaceId, routes.listAiLlms.path);
  }

  async create(body: CreateAiLlmRequest, signal?: AbortSignal): Promise<string> {
    return this.ctx.write(async () => (await this.ctx.transport.call(routes.createAiLlm, { body, signal })).aiLlmId);
  }

  async update(id: string, body: UpdateAiLlmRequest, signal?: AbortSignal): Promise<void> {
    await this.ctx.write(() => this.ctx.transport.call(routes.updateAiLlm, { params: { id }, body, signal }));
  }

  async delete(id: string, signal?: AbortSignal): Promise<void> {
    await this.ctx.write(() => this.ctx.transport.call(routes.deleteAiLlm, { params: { id }, signal }));
  }
}
