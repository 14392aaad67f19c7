import { z } from 'zod';
import { ErrorBody, Id, ProviderName } from './common';
import { createdKey, routeNames } from './collection';
import { collections } from './collections';
import { routes, type RouteDef } from './routes';

type JsonObject = Record<string, unknown>;

export interface OpenApiOptions {
  /**
   * The provider types this server accepts: stated as the `enum` of every `provider` field.
   * Without it the contract's open form (an upper-case pattern) is all that is stated.
   */
  providerNames?: readonly string[];
  /** A workspace id to give as the `example` of every `workspaceId`, so that generated requests reach a real workspace. */
  workspaceExample?: string;
}

/** Create calls and the calls that take the id they answer: OpenAPI links, for stateful testing. */
const ID_LINKS: Record<string, { field: string; operations: string[] }> = Object.fromEntries(
  Object.values(collections).map((c) => {
    const n = routeNames(c);
    return [n.create, { field: createdKey(c), operations: [n.update, n.delete] }];
  }),
);

/** Sets `example` on every `workspaceId` property below `node`. */
function exampleWorkspace(node: unknown, id: string): void {
  if (Array.isArray(node)) node.forEach((n) => exampleWorkspace(n, id));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const props = o.properties as Record<string, Record<string, unknown>> | undefined;
    if (props?.workspaceId) props.workspaceId.example = id;
    Object.values(o).forEach((v) => exampleWorkspace(v, id));
  }
}

function schemaOf(t: z.ZodType, io: 'input' | 'output', opts: OpenApiOptions = {}): JsonObject {
  const s = z.toJSONSchema(t, {
    io,
    unrepresentable: 'any',
    target: 'openapi-3.0',
    override: (ctx) => {
      if (ctx.zodSchema === ProviderName && opts.providerNames) ctx.jsonSchema.enum = [...opts.providerNames];
    },
  }) as JsonObject;
  delete s.$schema;
  return s;
}

function bodySchema(body: z.ZodType, opts: OpenApiOptions): JsonObject {
  const s = schemaOf(body, 'input', opts);
  if (opts.workspaceExample) exampleWorkspace(s, opts.workspaceExample);
  return s;
}

function queryParameters(q: z.ZodType, opts: OpenApiOptions): JsonObject[] {
  const s = schemaOf(q, 'input', opts) as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: (s.required ?? []).includes(name),
    schema,
  }));
}

/** Every error the server can answer, each with the same `{success:false, message}` body. */
const ERROR_STATUSES: Record<string, string> = {
  '400': 'Invalid request (the message names the field), or a business rule refused it',
  '401': 'Missing or unknown bearer token',
  '403': 'No access to the workspace',
  '404': 'No such object in a workspace the caller can see',
  '405': 'Method not allowed on this path',
  '413': 'Request body too large',
  '415': 'Content-Type other than application/json',
  '429': 'Rate limited or over quota; honour Retry-After',
  '431': 'Request headers too large',
};

function operation(name: string, r: RouteDef, opts: OpenApiOptions): JsonObject {
  const params: JsonObject[] = [];
  for (const m of r.path.matchAll(/:(\w+)/g)) params.push({ name: m[1], in: 'path', required: true, schema: schemaOf(Id, 'input') });
  if (r.query) params.push(...queryParameters(r.query, opts));
  if (opts.workspaceExample) for (const p of params) if (p.name === 'workspaceId') (p.schema as JsonObject).example = opts.workspaceExample;
  const link = ID_LINKS[name];
  const links = link
    ? Object.fromEntries(link.operations.map((op) => [op, { operationId: op, parameters: { id: `$response.body#/${link.field}` } }]))
    : undefined;
  const errorSchema = { 'application/json': { schema: schemaOf(ErrorBody, 'output') } };
  return {
    operationId: name,
    summary: r.summary,
    ...(r.rules?.length ? { description: `Refused with 400 (or the status named) although schema-valid:\n${r.rules.map((x) => `- ${x}`).join('\n')}` } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: bodySchema(r.body, opts) } } } } : {}),
    responses: {
      '200': { description: 'Success', content: { 'application/json': { schema: schemaOf(r.response, 'output') } }, ...(links ? { links } : {}) },
      ...Object.fromEntries(Object.entries(ERROR_STATUSES).map(([status, description]) => [status, { description, content: errorSchema }])),
    },
    ...(r.access === 'none' && r.path.startsWith('/user/') ? { security: [] } : {}),
  };
}

/** OpenAPI 3 description derived from the same zod routes the emulator and client use. */
export function openApiDocument(serverUrl?: string, opts: OpenApiOptions = {}): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const [name, r] of Object.entries(routes) as [string, RouteDef][]) {
    const p = r.path.replace(/:(\w+)/g, '{$1}');
    paths[p] = { ...(paths[p] ?? {}), [r.method.toLowerCase()]: operation(name, r, opts) };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Flashback management API (as served by the flashback-iac emulator)', version: '1' },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
