import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { formatZodIssues, openApiDocument } from '../client/contract';
import { type FaultQueue, type FaultRule, FaultRuleSchema, type RequestStats } from './faults';
import { type EmulatorContext, quoted } from './http';
import { documentCollections } from './collections';
import { PROVIDERS } from './providers';
import { RequestTextError, parseJsonBody, parseQueryString } from './request-text';
import { registerAiLlmRoutes } from './routes/ai-llms';
import { registerApiKeyRoutes } from './routes/apikeys';
import { registerAuthRoutes } from './routes/auth';
import { registerBucketRoutes } from './routes/buckets';
import { registerDocumentRoutes } from './routes/documents';
import { registerWorkspaceRoutes } from './routes/workspaces';

export interface ServerOptions {
  bodyLimitBytes: number;
  logger: boolean;
  /** Present only with fault injection enabled, with the stats and the token both need. */
  faults?: { queue: FaultQueue; stats: RequestStats; token: string };
}

const ADMIN_PREFIX = '/__emulator';

const errorBody = (message: string) => ({ success: false as const, message });

/** `/apikeys/:id` → a pattern matching `/apikeys/<one segment>`. */
const templatePattern = (url: string): RegExp => new RegExp(`^${url.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}/?$`);

/**
 * The fastify app: contract routes; JSON-only, strictly decoded input; every error, the web
 * server's own included (431, malformed URL, unknown method), as `{success:false, message}`.
 */
export function buildServer(ctx: EmulatorContext, opts: ServerOptions): FastifyInstance {
  const app = Fastify({
    bodyLimit: opts.bodyLimitBytes,
    logger: opts.logger ? { level: 'info' } : false,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    routerOptions: { querystringParser: parseQueryString },
    // A path that is not valid percent-encoded UTF-8 never reaches routing.
    frameworkErrors: (err, _req, reply) => {
      const message = err.code === 'FST_ERR_BAD_URL' ? 'Malformed URL: the path is not valid percent-encoded UTF-8' : `Bad request: ${err.message.slice(0, 200)}`;
      // fastify types this callback generically over route schemas; this app declares none.
      void (reply as FastifyReply).code(400).send(errorBody(message));
    },
    // Errors Node's HTTP parser meets before there is a request (headers too large, garbage).
    clientErrorHandler: (err: Error & { code?: string }, socket) => {
      if (!socket.writable) return socket.destroy();
      const [status, reason, message] =
        err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'Request Header Fields Too Large', 'Request headers too large: the request line and headers together must stay under 16 KiB']
          : [400, 'Bad Request', 'Malformed HTTP request'];
      const body = JSON.stringify(errorBody(message));
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    try {
      done(null, parseJsonBody(body));
    } catch (e) {
      if (!(e instanceof RequestTextError)) throw e;
      const err = new Error(e.message) as FastifyError;
      err.statusCode = 400;
      done(err, undefined);
    }
  });

  // Every route, to tell an unknown method on a known path (405) from an unknown path (404).
  const known: { pattern: RegExp; method: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) known.push({ pattern: templatePattern(r.url), method });
  });
  const unrouted = (req: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const path = req.url.split('?')[0];
    const allowed = [...new Set(known.filter((k) => k.pattern.test(path)).map((k) => k.method))];
    if (allowed.length > 0) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(errorBody(`Method ${req.method.slice(0, 20)} is not allowed on ${quoted(path, 80)}; allowed: ${allowed.join(', ')}`));
    }
    return reply.code(404).send(errorBody(`No route ${req.method.slice(0, 20)} ${path.length > 80 ? quoted(path, 80) : path}`));
  };
  app.setNotFoundHandler(unrouted);

  app.setErrorHandler((err: FastifyError, req, reply) => {
    // A body error (such as a QUERY without Content-Type) on a request no route takes: the route is the news.
    if (req.is404) return unrouted(req, reply);
    const status = err.statusCode ?? 500;
    let message = err.message;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') message = `Request body too large: the limit is ${opts.bodyLimitBytes} bytes`;
    else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') message = `Unsupported Content-Type ${quoted(req.headers['content-type'] ?? '')}: send application/json`;
    else if (status >= 500) {
      req.log.error(err);
      message = `Internal emulator error: ${err.message}`;
    }
    return reply.code(status).send(errorBody(message));
  });

  if (opts.faults) installFaults(app, opts.faults);

  registerApiKeyRoutes(app, ctx);
  registerBucketRoutes(app, ctx);
  registerAiLlmRoutes(app, ctx);
  for (const d of documentCollections) registerDocumentRoutes(app, ctx, d);
  registerWorkspaceRoutes(app, ctx);
  registerAuthRoutes(app, ctx);

  // The emulator's own document: its provider list as the enum, its first workspace as the example.
  const firstWorkspace = (ctx.st.get('SELECT id FROM workspaces ORDER BY rowid LIMIT 1').get() as { id: string } | undefined)?.id;
  app.get('/openapi.json', async (req) => openApiDocument(`${req.protocol}://${req.host}`, { providerNames: PROVIDERS.map((p) => p.id), workspaceExample: firstWorkspace }));
  app.get(`${ADMIN_PREFIX}/health`, async () => ({ success: true }));
  return app;
}

/**
 * Fault injection and request stats, only with `--faults`: both change or reveal how the
 * emulator answers everyone, so each needs `Authorization: Bearer <faults token>`.
 */
function installFaults(app: FastifyInstance, { queue: faults, stats, token }: NonNullable<ServerOptions['faults']>): void {
  const afterFaults = new WeakMap<FastifyRequest, FaultRule>();
  const expected = Buffer.from(`Bearer ${token}`);

  const routeLabel = (req: FastifyRequest): string | undefined => {
    const template = req.routeOptions.url;
    if (template?.startsWith(ADMIN_PREFIX)) return undefined;
    return `${req.method} ${template ?? '(no route)'}`;
  };
  app.addHook('onRequest', async (req) => {
    const label = routeLabel(req);
    if (label) stats.count(label);
  });
  app.addHook('onResponse', async (req, reply) => {
    const label = routeLabel(req);
    if (label) stats.status(label, reply.statusCode);
  });

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

  app.register(async (admin) => {
    admin.addHook('onRequest', async (req, reply) => {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return reply.code(401).send(errorBody('The fault and stats routes need Authorization: Bearer <faults token> (printed at start, or FLASHBACK_EMULATOR_FAULTS_TOKEN)'));
      }
    });
    admin.post(`${ADMIN_PREFIX}/faults`, async (req, reply) => {
      const r = FaultRuleSchema.safeParse(req.body);
      if (!r.success) return reply.code(400).send(errorBody(`Invalid fault rule: ${formatZodIssues(r.error)}`));
      return { success: true, rule: faults.add(r.data) };
    });
    admin.get(`${ADMIN_PREFIX}/faults`, async () => ({ success: true, rules: faults.list() }));
    admin.delete(`${ADMIN_PREFIX}/faults`, async () => ({ success: true, cleared: faults.clear() }));
    admin.get(`${ADMIN_PREFIX}/stats`, async () => stats.snapshot());
    admin.post(`${ADMIN_PREFIX}/stats/reset`, async () => {
      stats.reset();
      return { success: true };
    });
  });
}
