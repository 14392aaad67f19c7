import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Id, createdKey, listKey } from '../../client/contract';
import { accessTo, findWorkspace } from '../access';
import type { DocumentCollection } from '../collections';
import { nowIso } from '../db';
import { type EmulatorContext, cachedJson, fail, invalid, listedWorkspaces, ok, rowsInWorkspaces, serve } from '../http';
import { keyRefIssue, updateColumns } from './apikeys';
import { writableRow } from './writable';

/** What every document's create body has; the rest of it is the document. */
const CreateShared = z.looseObject({ workspaceId: Id, apiKeyUuid: Id.optional(), name: z.string().optional() });
const UpdateShared = z.looseObject({ apiKeyUuid: Id.optional(), name: z.string().optional() });

interface DocumentRow {
  id: string;
  workspace_id: string;
  api_key_id: string | null;
  body: string;
  created_at: string;
}

const COLUMNS = 'id, workspace_id, api_key_id, body, created_at';

/** An item as the list answers it: the fields sent, the key as `apiKeyId`, and what the server assigns. */
const itemOf = (r: DocumentRow): Record<string, unknown> => ({ ...(JSON.parse(r.body) as Record<string, unknown>), id: r.id, workspaceId: r.workspace_id, apiKeyId: r.api_key_id, createdAt: r.created_at });

/**
 * Serves a collection that has no rules beyond the ones every collection shares: workspace
 * access (list, create, and the 404/403 of writes to an object), and a key of the object's own
 * workspace. The shared fields are columns (the key's deletion check reads them); the rest of a
 * create body is kept as JSON, and an update merges its fields in (null clears one). The
 * contract's schemas check the bodies before, and the answers after (validateResponses).
 */
export function registerDocumentRoutes(app: FastifyInstance, ctx: EmulatorContext, { name, contract: c }: DocumentCollection): void {
  const { st } = ctx;
  const a = /^[aeiou]/i.test(c.what) ? `an ${c.what}` : `a ${c.what}`;
  const notFound = (id: string) => `${c.what[0].toUpperCase()}${c.what.slice(1)} ${id} not found`;
  const find = (id: string) => st.get('SELECT id, workspace_id, body FROM documents WHERE id = ? AND collection = ?').get(id, name) as { id: string; workspace_id: string; body: string } | undefined;

  serve(app, ctx, c.list, ({ principal, query }) => {
    const listed = listedWorkspaces(ctx, principal, query.workspaceId);
    if ('reply' in listed) return listed.reply;
    return cachedJson(ctx, c.list, JSON.stringify(listed.ids), () => ({
      success: true,
      [listKey(c)]: rowsInWorkspaces<DocumentRow>(ctx, 'documents', COLUMNS, listed.ids, 'collection = @collection', { collection: name }).map(itemOf),
    }));
  });

  serve(app, ctx, c.create, ({ principal, body }) => {
    const { workspaceId, apiKeyUuid, ...fields } = CreateShared.parse(body);
    if (accessTo(principal, findWorkspace(st, workspaceId)) !== 'write') return fail(403, `No write access to workspace ${workspaceId}`);
    const issue = keyRefIssue(ctx, apiKeyUuid, workspaceId, a);
    if (issue) return invalid(issue);
    const id = randomUUID();
    const now = nowIso();
    st.get('INSERT INTO documents (id, collection, workspace_id, name, api_key_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      id, name, workspaceId, fields.name ?? null, apiKeyUuid ?? null, JSON.stringify(fields), now, now,
    );
    return ok({ success: true, [createdKey(c)]: id });
  });

  serve(app, ctx, c.update, ({ principal, params, body }) => {
    const target = writableRow(st, principal, find(params.id), notFound(params.id));
    if ('reply' in target) return target.reply;
    const found = target.row;
    const { apiKeyUuid, ...fields } = UpdateShared.parse(body);
    const issue = keyRefIssue(ctx, apiKeyUuid, found.workspace_id, a);
    if (issue) return invalid(issue);
    const merged = JSON.parse(found.body) as Record<string, unknown>;
    for (const [field, value] of Object.entries(fields)) {
      if (value === null) delete merged[field];
      else if (value !== undefined) merged[field] = value;
    }
    updateColumns(ctx, 'documents', found.id, { name: fields.name, api_key_id: apiKeyUuid, body: JSON.stringify(merged) });
    return ok({ success: true, [createdKey(c)]: found.id });
  });

  serve(app, ctx, c.delete, ({ principal, params }) => {
    const target = writableRow(st, principal, find(params.id), notFound(params.id));
    if ('reply' in target) return target.reply;
    st.get('DELETE FROM documents WHERE id = ?').run(target.row.id);
    return ok({ success: true });
  });
}
