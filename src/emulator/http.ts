import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type ErrorBody, type RouteDef, formatZodIssues } from '../client/contract';
import { type Principal, authenticate } from './access';
import type { SecretBox } from './crypto';
import type { Db, Statements } from './db';

/** Everything a handler needs; built once per emulator. */
export interface EmulatorContext {
  db: Db;
  st: Statements;
  box: SecretBox;
  bucketQuota: number;
  validateResponses: boolean;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503;

/** A handler's answer: the contract's success body, or an error body. Errors are returned, not thrown. */
export type Result<R extends RouteDef> =
  | { status: 200; body: z.input<R['response']> }
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

function validate<R extends RouteDef>(route: R, req: FastifyRequest): { query: Parsed<R['query']>; body: Parsed<R['body']> } | string {
  let query: unknown = undefined;
  let body: unknown = undefined;
  if (route.query) {
    const r = route.query.safeParse(req.query ?? {});
    if (!r.success) return formatZodIssues(r.error);
    query = r.data;
  }
  if (route.body) {
    const r = route.body.safeParse(req.body);
    if (!r.success) return formatZodIssues(r.error);
    body = r.data;
  }
  return { query: query as Parsed<R['query']>, body: body as Parsed<R['body']> };
}

async function send<R extends RouteDef>(ctx: EmulatorContext, route: R, reply: FastifyReply, result: Result<R>): Promise<FastifyReply> {
  if (result.status === 200 && ctx.validateResponses) {
    const r = route.response.safeParse(result.body);
    if (!r.success) {
      return reply.code(500).send({ success: false, message: `Emulator response broke the contract of ${route.method} ${route.path}: ${formatZodIssues(r.error)}` });
    }
  }
  if (result.status !== 200 && result.headers) void reply.headers(result.headers);
  return reply.code(result.status).send(result.body);
}

/** Serves one contract route for authenticated callers: 401, then 400 from the zod schemas, then the handler. */
export function serve<R extends RouteDef>(app: FastifyInstance, ctx: EmulatorContext, route: R, handler: (input: Input<R>) => Result<R>): void {
  app.route({
    method: route.method,
    url: route.path,
    handler: async (req, reply) => {
      const principal = authenticate(ctx.st, req.headers.authorization);
      if (!principal) return send(ctx, route, reply, fail(401, 'Missing or invalid bearer token: send Authorization: Bearer <token>'));
      const v = validate(route, req);
      if (typeof v === 'string') return send(ctx, route, reply, invalid(v));
      return send(ctx, route, reply, handler({ principal, params: req.params as Record<string, string>, ...v }));
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
      if (typeof v === 'string') return send(ctx, route, reply, invalid(v));
      return send(ctx, route, reply, handler({ params: req.params as Record<string, string>, ...v }));
    },
  });
}
