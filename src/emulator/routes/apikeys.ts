import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { type ApiKey, routes } from '../../client/contract';
import { accessTo, findWorkspace, visibleWorkspaceIds } from '../access';
import { nowIso } from '../db';
import { writableRow } from './writable';
import { type EmulatorContext, fail, invalid, ok, serve } from '../http';
import { providerCapabilities, unknownProviderIssue } from '../providers';

/** `GET/POST /apikeys`, `PUT/DELETE /apikeys/:id`. */
export function registerApiKeyRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { st, box } = ctx;

  serve(app, ctx, routes.listApiKeys, ({ principal, query }) => {
    let workspaceIds: string[];
    if (query.workspaceId !== undefined) {
      if (accessTo(principal, findWorkspace(st, query.workspaceId)) === 'none') return fail(403, `No read access to workspace ${query.workspaceId}`);
      workspaceIds = [query.workspaceId];
    } else {
      workspaceIds = visibleWorkspaceIds(st, principal);
    }
    if (query.provider !== undefined) {
      const issue = unknownProviderIssue(query.provider);
      if (issue) return invalid(issue);
    }
    const rows = st
      .get(
        `SELECT k.id, k.key, k.provider, k.endpoint, k.region, k.description, k.tenant_id, k.subscription_id, k.created_at,
           (SELECT COUNT(*) FROM buckets b WHERE b.api_key_id = k.id AND b.deleted = 0) AS bucket_count,
           (SELECT COUNT(*) FROM ai_llms a WHERE a.api_key_id = k.id) AS aillm_count
         FROM api_keys k
         WHERE k.deleted = 0 AND k.workspace_id IN (SELECT value FROM json_each(@workspaces)) AND (@provider IS NULL OR k.provider = @provider)
         ORDER BY k.rowid`,
      )
      .all({ workspaces: JSON.stringify(workspaceIds), provider: query.provider ?? null }) as ApiKeyRow[];
    const mask = query.capability;
    const apiKeys = rows.filter((r) => mask === undefined || ((providerCapabilities(r.provider) ?? 0) & mask) !== 0).map(toApiKey);
    return ok<typeof routes.listApiKeys>({ success: true, apiKeys });
  });

  serve(app, ctx, routes.createApiKey, ({ principal, body }) => {
    const access = accessTo(principal, findWorkspace(st, body.workspaceId));
    if (access !== 'write') return fail(403, `No write access to workspace ${body.workspaceId}`);
    const issue = unknownProviderIssue(body.provider);
    if (issue) return invalid(issue);
    const id = randomUUID();
    const now = nowIso();
    st.get(
      `INSERT INTO api_keys (id, org_id, workspace_id, key, secret_sealed, provider, endpoint, region, description, tenant_id, subscription_id, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id, principal.orgId, body.workspaceId, body.key, box.seal(body.secret, `api_keys:${id}:secret`), body.provider,
      body.endpoint ?? null, body.region ?? null, body.description ?? null, body.tenantId ?? null, body.subscriptionId ?? null,
      principal.userId, now, now,
    );
    return ok<typeof routes.createApiKey>({ success: true, message: 'API key created', apiKeyId: id });
  });

  serve(app, ctx, routes.updateApiKey, ({ principal, params, body }) => {
    const target = writableRow(st, principal, findKey(ctx, params.id), `API key ${params.id} not found`);
    if ('reply' in target) return target.reply;
    const found = target.row;
    if (body.provider !== undefined) {
      const issue = unknownProviderIssue(body.provider);
      if (issue) return invalid(issue);
    }
    const columns: Record<string, unknown> = {
      key: body.key,
      secret_sealed: body.secret === undefined ? undefined : box.seal(body.secret, `api_keys:${found.id}:secret`),
      provider: body.provider,
      endpoint: body.endpoint,
      region: body.region,
      description: body.description,
      tenant_id: body.tenantId,
      subscription_id: body.subscriptionId,
    };
    updateColumns(ctx, 'api_keys', found.id, columns);
    return ok<typeof routes.updateApiKey>({ success: true, message: 'API key updated' });
  });

  serve(app, ctx, routes.deleteApiKey, ({ principal, params }) => {
    const target = writableRow(st, principal, findKey(ctx, params.id), `API key ${params.id} not found`);
    if ('reply' in target) return target.reply;
    const found = target.row;
    const dependents = keyDependents(ctx, found.id);
    if (dependents.length > 0) return fail(400, inUseMessage(found.id, dependents));
    st.get('UPDATE api_keys SET deleted = 1, updated_at = ? WHERE id = ?').run(nowIso(), found.id);
    return ok<typeof routes.deleteApiKey>({ success: true, message: 'API key deleted' });
  });
}

interface ApiKeyRow {
  id: string;
  key: string;
  provider: string;
  endpoint: string | null;
  region: string | null;
  description: string | null;
  tenant_id: string | null;
  subscription_id: string | null;
  created_at: string;
  bucket_count: number;
  aillm_count: number;
}

const toApiKey = (r: ApiKeyRow): ApiKey => ({
  id: r.id,
  key: r.key,
  provider: r.provider,
  endpoint: r.endpoint,
  region: r.region,
  description: r.description,
  tenantId: r.tenant_id,
  subscriptionId: r.subscription_id,
  createdAt: r.created_at,
  bucket_count: r.bucket_count,
  aillm_count: r.aillm_count,
});

export interface KeyRef {
  id: string;
  workspace_id: string;
}

/** A non-deleted key by id, whatever its workspace (the caller's reach is checked apart). */
export function findKey(ctx: EmulatorContext, id: string): KeyRef | undefined {
  return ctx.st.get('SELECT id, workspace_id FROM api_keys WHERE id = ? AND deleted = 0').get(id) as KeyRef | undefined;
}

/**
 * Checks that `apiKeyUuid` names a live key of `workspaceId`; answers the same message for a
 * key of another workspace and for no key at all, so that ids out of reach are not revealed.
 */
export function keyRefIssue(ctx: EmulatorContext, apiKeyUuid: string, workspaceId: string, what: string): string | undefined {
  const key = findKey(ctx, apiKeyUuid);
  if (key && key.workspace_id === workspaceId) return undefined;
  return `apiKeyUuid: no API key ${apiKeyUuid} in workspace ${workspaceId}; ${what} can only use a key of its own workspace`;
}

interface Dependent {
  kind: 'bucket' | 'AI model';
  id: string;
  name: string;
  workspace_id: string;
}

function keyDependents(ctx: EmulatorContext, keyId: string): Dependent[] {
  const buckets = ctx.st.get('SELECT id, name, workspace_id FROM buckets WHERE api_key_id = ? AND deleted = 0 ORDER BY rowid').all(keyId) as Omit<Dependent, 'kind'>[];
  const llms = ctx.st.get('SELECT id, name, workspace_id FROM ai_llms WHERE api_key_id = ? ORDER BY rowid').all(keyId) as Omit<Dependent, 'kind'>[];
  return [...buckets.map((b) => ({ kind: 'bucket' as const, ...b })), ...llms.map((l) => ({ kind: 'AI model' as const, ...l }))];
}

/**
 * `API key <id> is in use by 2 resource(s): bucket "logs" (id …, workspace …), AI model "gpt"
 * (id …, workspace …). Re-point or delete them first.`
 */
export function inUseMessage(keyId: string, dependents: Dependent[]): string {
  const list = dependents.map((d) => `${d.kind} ${JSON.stringify(d.name)} (id ${d.id}, workspace ${d.workspace_id})`).join(', ');
  return `API key ${keyId} is in use by ${dependents.length} resource(s): ${list}. Re-point or delete them first.`;
}

/** `UPDATE table SET <each defined column> ... WHERE id = ?`; undefined leaves a column alone, null clears it. */
export function updateColumns(ctx: EmulatorContext, table: 'api_keys' | 'buckets' | 'ai_llms', id: string, columns: Record<string, unknown>): void {
  const set = Object.entries(columns).filter(([, v]) => v !== undefined);
  const assignments = [...set.map(([c]) => `${c} = ?`), 'updated_at = ?'].join(', ');
  ctx.st.get(`UPDATE ${table} SET ${assignments} WHERE id = ?`).run(...set.map(([, v]) => v), nowIso(), id);
}
