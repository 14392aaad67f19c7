import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { formatZodIssues, openApiDocument } from '../client/contract';
import { type FaultQueue, type FaultRule, FaultRuleSchema, type RequestStats } from './faults';
import type { EmulatorContext } from './http';
import { registerAiLlmRoutes } from './routes/ai-llms';
import { registerApiKeyRoutes } from './routes/apikeys';
import { registerAuthRoutes } from './routes/auth';
import { registerBucketRoutes } from './routes/buckets';
import { registerWorkspaceRoutes } from './routes/workspaces';

export interface ServerOptions {
  bodyLimitBytes: number;
  logger: boolean;
  /** Present only with fault injection enabled. */
  faults?: FaultQueue;
  stats: RequestStats;
}

const ADMIN_PREFIX = '/__emulator';

const errorBody = (message: string) => ({ success: false as const, message });

/** The fastify app: contract routes, JSON-only parsing, JSON errors, stats and faults. */
export function buildServer(ctx: EmulatorContext, opts: ServerOptions): FastifyInstance {
  const app = Fastify({
    bodyLimit: opts.bodyLimitBytes,
    logger: opts.logger ? { level: 'info' } : false,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });

  // JSON only: other media types get 415; an empty body is "no body" (clients send a
  // Content-Type on DELETE too); a malformed one gets 400 saying where it broke.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      const err = new Error(`Malformed JSON body: ${(e as Error).message}`) as FastifyError;
      err.statusCode = 400;
      done(err, undefined);
    }
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode ?? 500;
    let message = err.message;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') message = `Request body too large: the limit is ${opts.bodyLimitBytes} bytes`;
    else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') message = `Unsupported Content-Type ${JSON.stringify(req.headers['content-type'] ?? '')}: send application/json`;
    else if (status >= 500) {
      req.log.error(err);
      message = `Internal emulator error: ${err.message}`;
    }
    return reply.code(status).send(errorBody(message));
  });

  app.setNotFoundHandler((req, reply) => reply.code(404).send(errorBody(`No route ${req.method} ${req.url.split('?')[0]}`)));

  const routeLabel = (req: FastifyRequest): string | undefined => {
    const template = req.routeOptions.url;
    if (template?.startsWith(ADMIN_PREFIX)) return undefined;
    return `${req.method} ${template ?? '(no route)'}`;
  };

  app.addHook('onRequest', async (req) => {
    const label = routeLabel(req);
    if (label) opts.stats.count(label);
  });
  app.addHook('onResponse', async (req, reply) => {
    const label = routeLabel(req);
    if (label) opts.stats.status(label, reply.statusCode);
  });

  if (opts.faults) installFaults(app, opts.faults);

  registerApiKeyRoutes(app, ctx);
  registerBucketRoutes(app, ctx);
  registerAiLlmRoutes(app, ctx);
  registerWorkspaceRoutes(app, ctx);
  registerAuthRoutes(app, ctx);

  app.get('/openapi.json', async (req) => openApiDocument(`${req.protocol}://${req.host}`));

  app.get(`${ADMIN_PREFIX}/health`, async () => ({ success: true }));
  app.get(`${ADMIN_PREFIX}/stats`, async () => opts.stats.snapshot());
  app.post(`${ADMIN_PREFIX}/stats/reset`, async () => {
    opts.stats.reset();
    return { success: true };
  });
  return app;
}

function installFaults(app: FastifyInstance, faults: FaultQueue): void {
  const afterFaults = new WeakMap<FastifyRequest, FaultRule>();

  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0];
    if (path.startsWith(ADMIN_PREFIX)) return;
    const rule = faults.take(req.method, path);
    if (!rule) return;
    if (rule.delayMs) await new Promise((r) => setTimeout(r, rule.delayMs));
    if (rule.when === 'after') {
      afterFaults.set(req, rule);
      return;
    }
    if (rule.dropConnection) {
      reply.hijack();
      req.raw.socket.destroy();
      return reply;
    }
    if (rule.status !== undefined) {
      if (rule.retryAfter !== undefined) void reply.header('retry-after', String(rule.retryAfter));
      return reply.code(rule.status).send(errorBody(rule.message));
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const rule = afterFaults.get(req);
    if (!rule) return payload;
    afterFaults.delete(req);
    if (rule.dropConnection) {
      req.raw.socket.destroy();
      return payload;
    }
    if (rule.retryAfter !== undefined) void reply.header('retry-after', String(rule.retryAfter));
    void reply.code(rule.status ?? 500).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify(errorBody(rule.message));
  });

  app.post(`${ADMIN_PREFIX}/faults`, async (req, reply) => {
    const r = FaultRuleSchema.safeParse(req.body);
    if (!r.success) return reply.code(400).send(errorBody(`Invalid fault rule: ${formatZodIssues(r.error)}`));
    return { success: true, rule: faults.add(r.data) };
  });
  app.get(`${ADMIN_PREFIX}/faults`, async () => ({ success: true, rules: faults.list() }));
  app.delete(`${ADMIN_PREFIX}/faults`, async () => ({ success: true, cleared: faults.clear() }));
}
