import { routes, type ApiKey, type CreateApiKeyRequest, type ListApiKeysQuery, type UpdateApiKeyRequest } from './contract';
import type { ResourceApiContext } from './resource-api';
import { findInList } from './resource-api';

export class ApiKeysApi {
  constructor(private readonly ctx: ResourceApiContext) {}

  async list(query: ListApiKeysQuery = {}, signal?: AbortSignal): Promise<ApiKey[]> {
    const key = `apikeys?${query.workspaceId ?? ''}&${query.provider ?? ''}&${query.capability ?? ''}`;
    const res = await this.ctx.cachedList(key, { method: 'GET', path: routes.listApiKeys.path }, (s) => this.ctx.transport.call(routes.listApiKeys, { query: { ...query }, signal: s }), signal);
    return res.apiKeys;
  }

  /** The API has no get-by-id: one key is read by listing its workspace. */
  async get(workspaceId: string, id: string, signal?: AbortSignal): Promise<ApiKey> {
    return findInList(await this.list({ workspaceId }, signal), id, 'provider API key', workspaceId, routes.listApiKeys.path);
  }

  async create(body: CreateApiKeyRequest, signal?: AbortSignal): Promise<string> {
    return this.ctx.write(async () => (await this.ctx.transport.call(routes.createApiKey, { body, signal })).apiKeyId);
  }

  async update(id: string, body: UpdateApiKeyRequest, signal?: AbortSignal): Promise<void> {
    await this.ctx.write(() => this.ctx.transport.call(routes.updateApiKey, { params: { id }, body, signal }));
  }

  async delete(id: string, signal?: AbortSignal): Promise<void> {
    await this.ctx.write(() => this.ctx.transport.call(routes.deleteApiKey, { params: { id }, signal }));
  }
}
