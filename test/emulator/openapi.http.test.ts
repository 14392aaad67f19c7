import { routes } from '../../src/client/contract';
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
    expect(Object.keys(doc.paths).sort()).toEqual(['/ai/llm', '/ai/llm/{id}', '/apikeys', '/apikeys/{id}', '/bucket', '/bucket/{id}', '/providers', '/user/login', '/user/refresh', '/workspace']);
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
