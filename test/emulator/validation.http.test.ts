import { routes } from '../../src/client/contract';
import { type TestEmulator, awsKey, expectError, expectOk, startTestEmulator } from './support';

/** Bad inputs get 400/413/415 with a message naming the field, and write nothing. */
let t: TestEmulator;
const LIMIT = 4096;
beforeAll(async () => {
  t = await startTestEmulator({ bodyLimitBytes: LIMIT });
});
afterAll(() => t.stop());

/** Everything the owner can see, to prove a refused request wrote nothing. */
async function snapshot(): Promise<string> {
  const keys = expectOk(routes.listApiKeys, await t.call('GET', '/apikeys'));
  const buckets = expectOk(routes.listBuckets, await t.call('GET', '/bucket'));
  const llms = expectOk(routes.listAiLlms, await t.call('GET', '/ai/llm'));
  return JSON.stringify([keys, buckets, llms]);
}

describe('request validation with the contract schemas', () => {
  const ws = () => t.ws.alpha;
  const cases: [string, string, string, () => unknown, string][] = [
    ['POST', '/apikeys', 'missing workspaceId', () => ({ key: 'k', secret: 's', provider: 'AWS' }), 'workspaceId: Invalid input: expected string, received undefined'],
    [
      'POST',
      '/apikeys',
      'missing key and secret',
      () => ({ workspaceId: ws(), provider: 'AWS' }),
      'key: Invalid input: expected string, received undefined; secret: Invalid input: expected string, received undefined',
    ],
    ['POST', '/apikeys', 'secret of the wrong type', () => awsKey(ws(), { secret: 42 }), 'secret: Invalid input: expected string, received number'],
    ['POST', '/apikeys', 'empty key', () => awsKey(ws(), { key: '' }), 'key: must not be empty'],
    ['POST', '/apikeys', 'lower-case provider', () => awsKey(ws(), { provider: 'aws' }), 'provider: must be an upper-case provider name such as AWS, GCP, AZURE, OPENAI or ANTHROPIC'],
    ['POST', '/apikeys', 'unknown provider', () => awsKey(ws(), { provider: 'DIGITALOCEAN' }), 'provider: unknown provider "DIGITALOCEAN"; valid providers: AWS, GCP, AZURE, OPENAI, ANTHROPIC'],
    ['POST', '/apikeys', 'endpoint not a URL', () => awsKey(ws(), { endpoint: 's3.amazonaws.com' }), 'endpoint: endpoint must be an absolute http(s) URL, for example https://s3.us-east-1.amazonaws.com'],
    ['POST', '/apikeys', 'unknown field', () => awsKey(ws(), { secretVersion: 2 }), 'secretVersion: unknown field; remove it'],
    ['POST', '/apikeys', 'an array body', () => [awsKey(ws())], '(body): Invalid input: expected object, received array'],
    ['POST', '/apikeys', 'no body', () => undefined, '(body): Invalid input: expected object, received undefined'],
    ['POST', '/bucket', 'missing name, bucket, storageType', () => ({ workspaceId: ws(), key: 'k', secret: 's' }), 'name: Invalid input: expected string, received undefined; bucket: Invalid input: expected string, received undefined; storageType: Invalid option: expected one of "S3"|"GCS"|"BLOB"'],
    ['POST', '/ai/llm', 'name of the wrong type', () => ({ workspaceId: ws(), name: ['x'], aiType: 'OPENAI' }), 'name: Invalid input: expected string, received array'],
  ];

  test.each(cases)('%s %s with %s → 400', async (method, path, _what, body, issue) => {
    const before = await snapshot();
    const b = body();
    const res = await t.call(method, path, b === undefined ? {} : { body: b });
    expect(expectError(400, res)).toBe(`Invalid request: ${issue}`);
    expect(await snapshot()).toBe(before);
  });

  test('query strings are validated too', async () => {
    expect(expectError(400, await t.call('GET', '/apikeys?workspaceId='))).toBe('Invalid request: workspaceId: must not be empty');
    expect(expectError(400, await t.call('GET', '/apikeys?capability=storage'))).toBe('Invalid request: capability: Invalid input: expected number, received NaN');
    expect(expectError(400, await t.call('GET', `/bucket?workspaceId=${ws()}&workspaceId=${ws()}`))).toBe('Invalid request: workspaceId: Invalid input: expected string, received array');
  });

  test('validation comes after authentication: no token is 401 even with a bad body', async () => {
    expectError(401, await t.call('POST', '/apikeys', { as: null, body: { nonsense: true } }));
  });
});

describe('malformed and oversized bodies', () => {
  test('malformed JSON → 400 saying so, nothing written', async () => {
    const before = await snapshot();
    const msg = expectError(400, await t.call('POST', '/apikeys', { raw: '{"workspaceId": "x", "key": ' }));
    expect(msg).toMatch(/^Malformed JSON body: /);
    expect(await snapshot()).toBe(before);
  });

  test(`a body over the limit (${LIMIT} bytes here) → 413 with a JSON error, nothing written`, async () => {
    const before = await snapshot();
    const res = await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha, { description: 'x'.repeat(LIMIT) }) });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(expectError(413, res)).toBe(`Request body too large: the limit is ${LIMIT} bytes`);
    expect(await snapshot()).toBe(before);
  });

  test('a body just under the limit is accepted', async () => {
    expectOk(routes.createApiKey, await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha, { description: 'y'.repeat(1000) }) }));
  });

  test('a content type other than JSON → 415', async () => {
    const res = await t.call('POST', '/apikeys', { raw: 'key=value', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(expectError(415, res)).toBe('Unsupported Content-Type "application/x-www-form-urlencoded": send application/json');
    expect(expectError(415, await t.call('POST', '/apikeys', { raw: 'hello', headers: { 'content-type': 'text/plain' } }))).toMatch(/send application\/json$/);
  });

  test('application/json with a charset is JSON; an empty JSON body on DELETE is no body', async () => {
    const res = await t.call('POST', '/apikeys', { raw: JSON.stringify(awsKey(t.ws.alpha)), headers: { 'content-type': 'application/json; charset=utf-8' } });
    const { apiKeyId } = expectOk(routes.createApiKey, res);
    expectOk(routes.deleteApiKey, await t.call('DELETE', `/apikeys/${apiKeyId}`, { headers: { 'content-type': 'application/json' }, raw: '' }));
  });
});

describe('unknown routes and methods', () => {
  test.each([['GET', '/nope'], ['POST', '/apikeys/x/y'], ['GET', '/__emulator/faults']])('%s %s → 404 JSON', async (method, path) => {
    const res = await t.call(method, path);
    expect(expectError(404, res)).toBe(`No route ${method} ${path}`);
  });

  test.each([
    ['PATCH', '/apikeys/x', 'PUT, DELETE'],
    ['GET', '/apikeys/x', 'PUT, DELETE'],
    ['DELETE', '/apikeys', 'GET, HEAD, POST'],
    ['PUT', '/bucket', 'GET, HEAD, POST'],
    ['POST', '/openapi.json', 'GET, HEAD'],
  ])('an unknown method on a known path: %s %s → 405 JSON with Allow', async (method, path, allow) => {
    const res = await t.call(method, path);
    expect(expectError(405, res)).toBe(`Method ${method} is not allowed on ${JSON.stringify(path)}; allowed: ${allow}`);
    expect(res.headers.get('allow')).toBe(allow);
  });

  test('a long unknown path is quoted by a short prefix only', async () => {
    const path = `/${'p'.repeat(5000)}`;
    const msg = expectError(404, await t.call('GET', path));
    expect(msg.length).toBeLessThan(200);
    expect(msg).toContain('(5001 characters)');
  });
});
