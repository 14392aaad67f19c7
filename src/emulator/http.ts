import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type ErrorBody, Id, type RouteDef, formatZodIssues } from '../client/contract';
import { scrub, sensitiveValues } from '../client/redact';
import { type Principal, accessTo, authenticate, findWorkspace, visibleWorkspaceIds } from './access';
import type { SecretBox } from './crypto';
import type { Db, Statements } from './db';
import { queryProblem } from './request-text';

export { quoted } from './quoted';

/** Everything a handler needs; built once per emulator. */
export interface EmulatorContext {
  db: Db;
  st: Statements;
  box: SecretBox;
  bucketQuota: number;
  validateResponses: boolean;
  /** Serialized list answers, valid until the next write (see {@link cachedJson}). */
  listCache: ListCache;
}

/**
 * List answers serialized once and served again until any write: at 1,000 keys a list is
 * ~260 KB of JSON, and building it costs most of a request. Every non-GET contract route
 * clears the cache when it answers (whatever the outcome: a refused write may have acted in
 * part). A new emulator starts with an empty cache.
 */
export class ListCache {
  private entries = new Map<string, Buffer>();
  /** Bounded: a few hundred workspaces' worth of distinct queries at most. */
  private static readonly MAX = 256;

  get(key: string): Buffer | undefined {
    return this.entries.get(key);
  }

  set(key: string, json: Buffer): void {
    if (this.entries.size >= ListCache.MAX) this.entries.clear();
    this.entries.set(key, json);
  }

  clear(): void {
    this.entries.clear();
  }
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 431 | 500 | 503;

/** A handler's answer: the contract's success body, or an error body. Errors are returned, not thrown. */
export type Result<R extends RouteDef> =
  | { status: 200; body: z.input<R['response']> }
  /** A success body already serialized (a cached list); checked against the contract when it was built. */
  | { status: 200; json: Buffer }
  | { status: ErrorStatus; body: ErrorBody; headers?: Record<string, string> };

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface Input<R extends RouteDef> {
  principal: Principal;
  params: Record<string, string>;
  query: Parsed<R['query']>;
  body: Parsed<R['body']>;
}

export type PublicInput<R extends RouteDef> = Omit<Input<R>, 'principal'>;

export const fail = (status: ErrorStatus, message: string): { status: ErrorStatus; body: ErrorBody } => ({
  status,
  body: { success: false, message },
});

/** 400 with the field first: `Invalid request: workspaceId: Invalid input: ...`. */
export const invalid = (issue: string): { status: 400; body: ErrorBody } => ({
  status: 400,
  body: { success: false, message: `Invalid request: ${issue}` },
});

export const ok = <R extends RouteDef>(body: z.input<R['response']>): Result<R> => ({ status: 200, body });

/**
 * The rule every list call shares: a named workspace must be one the caller can read (403
 * otherwise, so that ids of other organisations are not confirmed); none named means every
 * workspace the caller can see.
 */
export function listedWorkspaces(ctx: EmulatorContext, principal: Principal, workspaceId: string | undefined): { ids: string[] } | { reply: ReturnType<typeof fail> } {
  if (workspaceId === undefined) return { ids: visibleWorkspaceIds(ctx.st, principal) };
  if (accessTo(principal, findWorkspace(ctx.st, workspaceId)) === 'none') return { reply: fail(403, `No read access to workspace ${workspaceId}`) };
  return { ids: [workspaceId] };
}

/** `SELECT <columns> FROM <table>` in the given workspaces, in creation order; `where` narrows further. */
export function rowsInWorkspaces<T>(ctx: EmulatorContext, table: string, columns: string, workspaceIds: readonly string[], where = '', params: Record<string, unknown> = {}): T[] {
  return ctx.st
    .get(`SELECT ${columns} FROM ${table} WHERE workspace_id IN (SELECT value FROM json_each(@workspaces))${where ? ` AND ${where}` : ''} ORDER BY rowid`)
    .all({ ...params, workspaces: JSON.stringify(workspaceIds) }) as T[];
}

/**
 * A list answer from the cache, or built, checked and cached. `key` must name everything the
 * answer depends on besides the database (the workspaces and the filters).
 */
export function cachedJson<R extends RouteDef>(ctx: EmulatorContext, route: R, key: string, build: () => z.input<R['response']>): Result<R> {
  const cacheKey = `${route.method} ${route.path} ${key}`;
  const hit = ctx.listCache.get(cacheKey);
  if (hit !== undefined) return { status: 200, json: hit };
  const body = build();
  const broken = contractBreak(ctx, route, body);
  if (broken) return broken;
  // Kept as UTF-8 bytes: a hit is written as is, not encoded again.
  const json = Buffer.from(JSON.stringify(body), 'utf8');
  ctx.listCache.set(cacheKey, json);
  return { status: 200, json };
}

function contractBreak(ctx: EmulatorContext, route: RouteDef, body: unknown): { status: 500; body: ErrorBody } | undefined {
  if (!ctx.validateResponses) return undefined;
  const r = route.response.safeParse(body);
  if (r.success) return undefined;
  return { status: 500, body: { success: false, message: `Emulator response broke the contract of ${route.method} ${route.path}: ${formatZodIssues(r.error)}` } };
}

function validate<R extends RouteDef>(route: R, req: FastifyRequest): { params: Record<string, string>; query: Parsed<R['query']>; body: Parsed<R['body']> } | string {
  let query: unknown = undefined;
  let body: unknown = undefined;
  const params = (req.params ?? {}) as Record<string, string>;
  for (const [name, value] of Object.entries(params)) {
    const r = Id.safeParse(value);
    if (!r.success) return formatZodIssues(r.error, name);
  }
  if (route.query) {
    const problem = queryProblem(req.query);
    if (problem) return problem;
    const r = route.query.safeParse(req.query ?? {});
    if (!r.success) return formatZodIssues(r.error);
    query = r.data;
  }
  if (route.body) {
    const r = route.body.safeParse(req.body);
    if (!r.success) return formatZodIssues(r.error);
    body = r.data;
  }
  return { params, query: query as Parsed<R['query']>, body: body as Parsed<R['body']> };
}

async function send<R extends RouteDef>(ctx: EmulatorContext, route: R, req: FastifyRequest, reply: FastifyReply, result: Result<R>): Promise<FastifyReply> {
  if (route.method !== 'GET') ctx.listCache.clear();
  if (result.status === 200) {
    if ('json' in result) return reply.code(200).header('content-type', 'application/json; charset=utf-8').send(result.json);
    return reply.code(200).send(contractBreak(ctx, route, result.body)?.body ?? result.body);
  }
  if (result.headers) void reply.headers(result.headers);
  // Whatever a message quotes, no run of 6 or more characters of a secret the caller sent leaves.
  const secrets = sensitiveValues(req.body);
  const body = secrets.length ? { ...result.body, message: scrub(result.body.message, secrets) } : result.body;
  return reply.code(result.status).send(body);
}

/** Serves one contract route for authenticated callers: 401, then 400 from the zod schemas, then the handler. */
export function serve<R extends RouteDef>(app: FastifyInstance, ctx: EmulatorContext, route: R, handler: (input: Input<R>) => Result<R>): void {
  app.route({
    method: route.method,
    url: route.path,
    handler: async (req, reply) => {
      const principal = authenticate(ctx.st, req.headers.authorization);
      if (!principal) return send(ctx, route, req, reply, fail(401, 'Missing or invalid bearer token: send Authorization: Bearer <token>'));
      const v = validate(route, req);
      if (typeof v === 'string') return send(ctx, route, req, reply, invalid(v));
      return send(ctx, route, req, reply, handler({ principal, ...v }));
    },
  });
}

/** Serves a contract route that needs no token (login, refresh). */
export function servePublic<R extends RouteDef>(app: FastifyInstance, ctx: EmulatorContext, route: R, handler: (input: PublicInput<R>) => Result<R>): void {
  app.route({
    method: route.method,
    url: route.path,
    handler: async (req, reply) => {
      const v = validate(route, req);
      if (typeof v === 'string') return send(ctx, route, req, reply, invalid(v));
      return send(ctx, route, req, reply, handler(v));
    },
  });
}
