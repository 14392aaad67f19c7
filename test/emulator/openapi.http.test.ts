import { HTTP_URL_PATTERN, MAX_LENGTH, routes } from '../../src/client/contract';
import { type TestEmulator, startTestEmulator } from './support';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: { type?: string; properties?: Record<string, unknown>; required?: string[] } }> };
  responses: Record<string, unknown>;
}
interface OpenApi {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
}

describe('GET /openapi.json', () => {
  test('is served without a token, as OpenAPI 3 describing every contract route', async () => {
    const res = await t.call('GET', '/openapi.json', { as: null });
    expect(res.status).toBe(200);
    const doc = res.body as OpenApi;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toEqual(expect.any(String));
    expect(doc.servers).toEqual([{ url: t.emu.url }]);
    for (const [name, r] of Object.entries(routes)) {
      const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      expect(op?.operationId).toBe(name);
      expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
    }
    // Exactly the contract's paths (a new collection adds its two), the ones of today among them.
    expect(Object.keys(doc.paths).sort()).toEqual([...new Set(Object.values(routes).map((r) => r.path.replace(/:(\w+)/g, '{$1}')))].sort());
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/ai/llm', '/ai/llm/{id}', '/apikeys', '/apikeys/{id}', '/bucket', '/bucket/{id}', '/providers', '/user/login', '/user/refresh', '/workspace']));
  });

  test('request bodies and parameters come from the zod schemas', async () => {
    const doc = (await t.call('GET', '/openapi.json', { as: null })).body as OpenApi;
    const create = doc.paths['/apikeys'].post.requestBody?.content['application/json'].schema;
    expect(create?.required?.sort()).toEqual(['key', 'provider', 'secret', 'workspaceId']);
    expect(Object.keys(create?.properties ?? {})).toEqual(expect.arrayContaining(['endpoint', 'region', 'description', 'tenantId', 'subscriptionId']));
    const update = doc.paths['/apikeys/{id}'].put;
    expect(update.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    expect(Object.keys(update.requestBody?.content['application/json'].schema.properties ?? {})).not.toContain('workspaceId');
    const list = doc.paths['/apikeys'].get;
    expect(list.parameters?.map((p) => [p.name, p.in, p.required])).toEqual([
      ['workspaceId', 'query', false],
      ['provider', 'query', false],
      ['capability', 'query', false],
    ]);
  });
});

describe('the document states what the server checks (issue #10.6)', () => {
  type Schema = { properties?: Record<string, { maxLength?: number; pattern?: string; enum?: string[]; example?: string }>; anyOf?: unknown[] };
  let doc: OpenApi;
  const body = (path: string, method: string): Schema => doc.paths[path][method].requestBody?.content['application/json'].schema as Schema;
  beforeAll(async () => {
    doc = (await t.call('GET', '/openapi.json', { as: null })).body as OpenApi;
  });

  test('every request string has a maxLength, the endpoint its pattern, provider the served enum', () => {
    const create = body('/apikeys', 'post');
    for (const [name, field] of Object.entries(MAX_FIELDS)) expect(create.properties?.[name]?.maxLength).toBe(field);
    expect(create.properties?.endpoint?.pattern).toBe(HTTP_URL_PATTERN.source);
    expect(create.properties?.provider?.enum).toEqual(['AWS', 'GCP', 'AZURE', 'OPENAI', 'ANTHROPIC']);
    expect(create.properties?.workspaceId?.example).toBe(t.ws.alpha);
    expect(create.anyOf).toHaveLength(2); // the AZURE rule
    expect(body('/bucket', 'post').anyOf).toEqual([{ required: ['apiKeyUuid'] }, { required: ['key', 'secret'] }]);
    const put = doc.paths['/apikeys/{id}'].put.parameters?.find((p) => p.name === 'id') as unknown as { schema: { maxLength: number } };
    expect(put.schema.maxLength).toBe(MAX_LENGTH.id);
  });

  test('every error status has the one error shape; creates link to their update and delete; rules are described', () => {
    const op = doc.paths['/apikeys'].post as Operation & { description?: string; responses: Record<string, { links?: Record<string, unknown> }> };
    expect(Object.keys(op.responses)).toEqual(['200', '400', '401', '403', '404', '405', '413', '415', '429', '431']);
    expect(Object.keys(op.responses['200'].links ?? {})).toEqual(['updateApiKey', 'deleteApiKey']);
    expect(op.description).toContain('`tenantId` and `subscriptionId` only on `AZURE` keys');
  });
});

const MAX_FIELDS = { key: MAX_LENGTH.key, secret: MAX_LENGTH.secret, region: MAX_LENGTH.region, description: MAX_LENGTH.description, tenantId: MAX_LENGTH.tenantId, subscriptionId: MAX_LENGTH.subscriptionId, workspaceId: MAX_LENGTH.id, endpoint: MAX_LENGTH.endpoint, provider: MAX_LENGTH.providerType };
