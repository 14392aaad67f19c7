import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { type AiLlm, routes } from '../../client/contract';
import { accessTo, findWorkspace } from '../access';
import { maskKey } from '../crypto';
import { nowIso } from '../db';
import { repositoryRefusal, writableRow } from './writable';
import { type EmulatorContext, cachedJson, fail, invalid, listedWorkspaces, ok, quoted, rowsInWorkspaces, serve } from '../http';
import { keyRefIssue, updateColumns } from './apikeys';

/**
 * `GET/POST /ai/llm`, `PUT/DELETE /ai/llm/:id`. An inline `key` (an AI provider's API key) is
 * a secret: it is stored sealed, and only a mask (`sk-****1234`) is kept for listing.
 */
export function registerAiLlmRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { st, box } = ctx;

  serve(app, ctx, routes.listAiLlms, ({ principal, query }) => {
    const listed = listedWorkspaces(ctx, principal, query.workspaceId);
    if ('reply' in listed) return listed.reply;
    return cachedJson(ctx, routes.listAiLlms, JSON.stringify(listed.ids), () => {
      const rows = rowsInWorkspaces<AiLlmRow>(ctx, 'ai_llms', AI_LLM_COLUMNS, listed.ids);
      return { success: true, aiLlms: rows.map(toAiLlm) };
    });
  });

  serve(app, ctx, routes.createAiLlm, ({ principal, body }) => {
    if (accessTo(principal, findWorkspace(st, body.workspaceId)) !== 'write') return fail(403, `No write access to workspace ${body.workspaceId}`);
    const issue = keyRefIssue(ctx, body.apiKeyUuid, body.workspaceId, 'an AI model') ?? llmNameIssue(ctx, body.workspaceId, body.name, undefined);
    if (issue) return invalid(issue);
    const id = randomUUID();
    const now = nowIso();
    st.get(
      `INSERT INTO ai_llms (id, org_id, workspace_id, user_id, name, ai_type, endpoint, api_key_id, key_sealed, key_masked, secret_sealed, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id, principal.orgId, body.workspaceId, principal.userId, body.name, body.aiType, body.endpoint ?? null, body.apiKeyUuid ?? null,
      body.key === undefined ? null : box.seal(body.key, `ai_llms:${id}:key`), body.key === undefined ? null : maskKey(body.key),
      body.secret === undefined ? null : box.seal(body.secret, `ai_llms:${id}:secret`), now, now,
    );
    return ok<typeof routes.createAiLlm>({ success: true, message: 'AI model configuration created', aiLlmId: id });
  });

  serve(app, ctx, routes.updateAiLlm, ({ principal, params, body }) => {
    const target = writableRow(st, principal, findLlm(ctx, params.id), `AI model configuration ${params.id} not found`);
    if ('reply' in target) return target.reply;
    const found = target.row;
    const issue = keyRefIssue(ctx, body.apiKeyUuid, found.workspace_id, 'an AI model') ?? (body.name === undefined ? undefined : llmNameIssue(ctx, found.workspace_id, body.name, found.id));
    if (issue) return invalid(issue);
    updateColumns(ctx, 'ai_llms', found.id, {
      name: body.name,
      ai_type: body.aiType,
      endpoint: body.endpoint,
      api_key_id: body.apiKeyUuid,
      key_sealed: body.key === undefined ? undefined : box.seal(body.key, `ai_llms:${found.id}:key`),
      key_masked: body.key === undefined ? undefined : maskKey(body.key),
      secret_sealed: body.secret === undefined ? undefined : box.seal(body.secret, `ai_llms:${found.id}:secret`),
    });
    return ok<typeof routes.updateAiLlm>({ success: true, message: 'AI model configuration updated', aiLlmId: found.id });
  });

  serve(app, ctx, routes.deleteAiLlm, ({ principal, params }) => {
    const target = writableRow(st, principal, findLlm(ctx, params.id), `AI model configuration ${params.id} not found`);
    if ('reply' in target) return target.reply;
    const found = target.row;
    const refused = repositoryRefusal('AI model configuration', found.id);
    if (refused) return refused;
    st.get('DELETE FROM ai_llms WHERE id = ?').run(found.id);
    return ok<typeof routes.deleteAiLlm>({ success: true, message: 'AI model configuration deleted' });
  });
}

const AI_LLM_COLUMNS = 'id, org_id, workspace_id, user_id, name, ai_type, endpoint, key_masked, api_key_id, created_at';

interface AiLlmRow {
  id: string;
  org_id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  ai_type: string;
  endpoint: string | null;
  key_masked: string | null;
  api_key_id: string | null;
  created_at: string;
}

const toAiLlm = (r: AiLlmRow): AiLlm => ({
  id: r.id,
  orgId: r.org_id,
  workspaceId: r.workspace_id,
  userId: r.user_id,
  name: r.name,
  aiType: r.ai_type,
  endpoint: r.endpoint,
  key: r.key_masked,
  apiKeyId: r.api_key_id,
  createdAt: r.created_at,
  repos: [],
});

function findLlm(ctx: EmulatorContext, id: string): { id: string; workspace_id: string } | undefined {
  return ctx.st.get('SELECT id, workspace_id FROM ai_llms WHERE id = ?').get(id) as { id: string; workspace_id: string } | undefined;
}

function llmNameIssue(ctx: EmulatorContext, workspaceId: string, name: string, selfId: string | undefined): string | undefined {
  const clash = ctx.st.get('SELECT id FROM ai_llms WHERE workspace_id = ? AND name = ? AND id IS NOT ?').get(workspaceId, name, selfId ?? null);
  return clash ? `name: an AI model configuration named ${quoted(name)} already exists in workspace ${workspaceId}` : undefined;
}
