import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { type Bucket, routes } from '../../client/contract';
import { accessTo, findWorkspace } from '../access';
import { nowIso } from '../db';
import { repositoryRefusal, writableRow } from './writable';
import { type EmulatorContext, cachedJson, fail, invalid, listedWorkspaces, ok, quoted, rowsInWorkspaces, serve } from '../http';
import { keyRefIssue, updateColumns } from './apikeys';

/** `GET/POST /bucket`, `PUT/DELETE /bucket/:id`. Deletion is soft: the row stays, flagged. */
export function registerBucketRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { st, box } = ctx;

  serve(app, ctx, routes.listBuckets, ({ principal, query }) => {
    const listed = listedWorkspaces(ctx, principal, query.workspaceId);
    if ('reply' in listed) return listed.reply;
    return cachedJson(ctx, routes.listBuckets, JSON.stringify(listed.ids), () => {
      const rows = rowsInWorkspaces<BucketRow>(ctx, 'buckets', BUCKET_COLUMNS, listed.ids, 'deleted = 0');
      return { success: true, buckets: rows.map(toBucket) };
    });
  });

  serve(app, ctx, routes.createBucket, ({ principal, body }) => {
    if (accessTo(principal, findWorkspace(st, body.workspaceId)) !== 'write') return fail(403, `No write access to workspace ${body.workspaceId}`);
    const issue = keyRefIssue(ctx, body.apiKeyUuid, body.workspaceId, 'a bucket') ?? bucketNameIssue(ctx, principal.orgId, body.name, undefined);
    if (issue) return invalid(issue);
    const count = (st.get('SELECT COUNT(*) AS n FROM buckets WHERE org_id = ? AND deleted = 0').get(principal.orgId) as { n: number }).n;
    if (count >= ctx.bucketQuota) return fail(429, `Bucket quota reached: the organisation already has ${count} bucket(s) (limit ${ctx.bucketQuota})`);
    const id = randomUUID();
    const now = nowIso();
    st.get(
      `INSERT INTO buckets (id, org_id, workspace_id, name, bucket, storage_type, region, endpoint, api_key_id, key, secret_sealed, status, created_by, created_at, updated_at, last_status_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?)`,
    ).run(
      id, principal.orgId, body.workspaceId, body.name, body.bucket, body.storageType, body.region ?? null, body.endpoint ?? null,
      body.apiKeyUuid ?? null, body.key ?? null, body.secret === undefined ? null : box.seal(body.secret, `buckets:${id}:secret`),
      principal.userId, now, now, now,
    );
    return ok<typeof routes.createBucket>({ success: true, message: 'Bucket created', bucketId: id });
  });

  serve(app, ctx, routes.updateBucket, ({ principal, params, body }) => {
    const target = writableRow(st, principal, findBucket(ctx, params.id), `Bucket ${params.id} not found`);
    if ('reply' in target) return target.reply;
    const found = target.row;
    const issue = keyRefIssue(ctx, body.apiKeyUuid, found.workspace_id, 'a bucket') ?? (body.name === undefined ? undefined : bucketNameIssue(ctx, found.org_id, body.name, found.id));
    if (issue) return invalid(issue);
    updateColumns(ctx, 'buckets', found.id, {
      name: body.name,
      bucket: body.bucket,
      storage_type: body.storageType,
      api_key_id: body.apiKeyUuid,
      key: body.key,
      secret_sealed: body.secret === undefined ? undefined : box.seal(body.secret, `buckets:${found.id}:secret`),
      region: body.region,
      endpoint: body.endpoint,
    });
    return ok<typeof routes.updateBucket>({ success: true, message: 'Bucket updated', bucketId: found.id });
  });

  serve(app, ctx, routes.deleteBucket, ({ principal, params }) => {
    const target = writableRow(st, principal, findBucket(ctx, params.id), `Bucket ${params.id} not found`);
    if ('reply' in target) return target.reply;
    const found = target.row;
    const refused = repositoryRefusal('Bucket', found.id);
    if (refused) return refused;
    st.get('UPDATE buckets SET deleted = 1, updated_at = ? WHERE id = ?').run(nowIso(), found.id);
    return ok<typeof routes.deleteBucket>({ success: true, message: 'Bucket deleted' });
  });
}

const BUCKET_COLUMNS = 'id, name, bucket, storage_type, region, endpoint, status, workspace_id, api_key_id, created_at, last_status_at';

interface BucketRow {
  id: string;
  name: string;
  bucket: string;
  storage_type: string;
  region: string | null;
  endpoint: string | null;
  status: string;
  workspace_id: string;
  api_key_id: string | null;
  created_at: string;
  last_status_at: string | null;
}

const toBucket = (r: BucketRow): Bucket => ({
  id: r.id,
  name: r.name,
  bucket: r.bucket,
  storageType: r.storage_type,
  region: r.region,
  endpoint: r.endpoint,
  status: r.status,
  workspaceId: r.workspace_id,
  apiKeyId: r.api_key_id,
  createdAt: r.created_at,
  lastStatusAt: r.last_status_at,
});

function findBucket(ctx: EmulatorContext, id: string): { id: string; org_id: string; workspace_id: string } | undefined {
  return ctx.st.get('SELECT id, org_id, workspace_id FROM buckets WHERE id = ? AND deleted = 0').get(id) as
    | { id: string; org_id: string; workspace_id: string }
    | undefined;
}

function bucketNameIssue(ctx: EmulatorContext, orgId: string, name: string, selfId: string | undefined): string | undefined {
  const clash = ctx.st.get('SELECT id FROM buckets WHERE org_id = ? AND name = ? AND deleted = 0 AND id IS NOT ?').get(orgId, name, selfId ?? null);
  return clash ? `name: a bucket named ${quoted(name)} already exists in this organisation; bucket names are unique per organisation` : undefined;
}
