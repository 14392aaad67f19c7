import { z } from 'zod';
import { ErrorBody } from './common';
import { routes, type RouteDef } from './routes';

type JsonObject = Record<string, unknown>;

function schemaOf(t: z.ZodType, io: 'input' | 'output'): JsonObject {
  const s = z.toJSONSchema(t, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as JsonObject;
  delete s.$schema;
  return s;
}

function queryParameters(q: z.ZodType): JsonObject[] {
  const s = schemaOf(q, 'input') as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: (s.required ?? []).includes(name),
    schema,
  }));
}

function operation(name: string, r: RouteDef): JsonObject {
  const params: JsonObject[] = [];
  for (const m of r.path.matchAll(/:(\w+)/g)) params.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
  if (r.query) params.push(...queryParameters(r.query));
  const error = { description: 'Error', content: { 'application/json': { schema: schemaOf(ErrorBody, 'output') } } };
  return {
    operationId: name,
    summary: r.summary,
    ...(params.length ? { parameters: params } : {}),
    ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } } } : {}),
    responses: {
      '200': { description: 'Success', content: { 'application/json': { schema: schemaOf(r.response, 'output') } } },
      '400': error,
      '401': error,
      '403': error,
      '404': error,
      '429': error,
    },
    ...(r.access === 'none' && r.path.startsWith('/user/') ? { security: [] } : {}),
  };
}

/** OpenAPI 3 description derived from the same zod routes the emulator and client use. */
export function openApiDocument(serverUrl?: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const [name, r] of Object.entries(routes) as [string, RouteDef][]) {
    const p = r.path.replace(/:(\w+)/g, '{$1}');
    paths[p] = { ...(paths[p] ?? {}), [r.method.toLowerCase()]: operation(name, r) };
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
