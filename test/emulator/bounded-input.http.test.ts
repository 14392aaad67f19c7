import { request } from 'node:http';
import { MAX_LENGTH, routes } from '../../src/client/contract';
import { AWS_SECRET, type HttpResult, type TestEmulator, awsKey, createKey, expectError, expectOk, startTestEmulator } from './support';

/**
 * Issue #10: every string bounded, only well-formed text stored, bad values never echoed
 * whole, secrets never echoed even in part, and every error — the web server's own too — in
 * the API's `{success:false, message}` shape.
 */
let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

/** Sends raw bytes (fetch would re-encode them), and reads the answer as JSON when it is. */
function rawRequest(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<HttpResult & { rawStatus: number }> {
  const url = new URL(t.emu.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers: { authorization: 'Bearer tok-owner-0000', ...(body ? { 'content-type': 'application/json' } : {}), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* keep the text */
          }
          resolve({ status: res.statusCode ?? 0, rawStatus: res.statusCode ?? 0, headers: new Headers(res.headers as Record<string, string>), body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const keyCount = async () => expectOk(routes.listApiKeys, await t.call('GET', '/apikeys')).apiKeys.length;

describe('every string has a maximum length', () => {
  const cases: [string, string, number][] = [
    ['key', 'key', MAX_LENGTH.key],
    ['secret', 'secret', MAX_LENGTH.secret],
    ['region', 'region', MAX_LENGTH.region],
    ['description', 'description', MAX_LENGTH.description],
    ['subscriptionId', 'subscriptionId', MAX_LENGTH.subscriptionId],
    ['tenantId', 'tenantId', MAX_LENGTH.tenantId],
    ['workspaceId', 'workspaceId', MAX_LENGTH.id],
  ];
  test.each(cases)('POST /apikeys: %s of %s+1 characters → 400 naming the field, nothing stored; the maximum is accepted', async (field, _f, max) => {
    const before = await keyCount();
    const base = { provider: 'AZURE' };
    const tooLong = await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha, { ...base, [field]: 'x'.repeat(max + 1) }) });
    expect(expectError(400, tooLong)).toBe(`Invalid request: ${field}: must be at most ${max} characters`);
    expect(await keyCount()).toBe(before);
    if (field !== 'workspaceId') expectOk(routes.createApiKey, await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha, { ...base, [field]: 'x'.repeat(max) }) }));
  });

  test('a 1,000,000-character key and a 900 KB region are refused, not stored (the issue’s cases)', async () => {
    const before = await keyCount();
    expectError(400, await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha, { key: 'k'.repeat(1_000_000) }) })); // 413 would be the body limit; here 1 MiB ≥ body
    expect(expectError(400, await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha, { region: 'r'.repeat(900_000) }) }))).toBe(
      `Invalid request: region: must be at most ${MAX_LENGTH.region} characters`,
    );
    expect(await keyCount()).toBe(before);
  });

  test('endpoint: at most 2,048 characters, and an absolute http(s) URL', async () => {
    const long = `https://example.com/${'p'.repeat(MAX_LENGTH.endpoint)}`;
    expect(expectError(400, await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha, { endpoint: long }) }))).toBe(`Invalid request: endpoint: must be at most ${MAX_LENGTH.endpoint} characters`);
    for (const bad of ['ftp://example.com', 'http://999.1.1.1', 'http://host:65536', 'http://a b', 'https://user:pw@example.com']) {
      expect(expectError(400, await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha, { endpoint: bad }) }))).toMatch(/^Invalid request: endpoint: endpoint must be an absolute http\(s\) URL/);
    }
    for (const good of ['http://127.0.0.1:9000', 'https://s3.eu-west-1.amazonaws.com/path?x=1#y', 'http://localhost']) {
      expectOk(routes.createApiKey, await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha, { endpoint: good }) }));
    }
  });

  test('bucket and AI model names, ids in paths and in queries are bounded too', async () => {
    const name = 'n'.repeat(MAX_LENGTH.name + 1);
    expect(expectError(400, await t.call('POST', '/bucket', { body: { workspaceId: t.ws.alpha, name, bucket: 'b', storageType: 'S3', key: 'k', secret: 's' } }))).toBe(
      `Invalid request: name: must be at most ${MAX_LENGTH.name} characters`,
    );
    expect(expectError(400, await t.call('POST', '/ai/llm', { body: { workspaceId: t.ws.alpha, name, aiType: 'OPENAI' } }))).toBe(`Invalid request: name: must be at most ${MAX_LENGTH.name} characters`);
    const longId = 'i'.repeat(MAX_LENGTH.id + 1);
    expect(expectError(400, await t.call('PUT', `/apikeys/${longId}`, { body: { description: 'x' } }))).toBe(`Invalid request: id: must be at most ${MAX_LENGTH.id} characters`);
    expect(expectError(400, await t.call('GET', `/bucket?workspaceId=${longId}`))).toBe(`Invalid request: workspaceId: must be at most ${MAX_LENGTH.id} characters`);
  });

  test('a bad value is echoed by a short prefix at most: a 900 KB workspace id in a 403, an unknown field name', async () => {
    const res = await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha, { ['f'.repeat(100_000)]: 1 }) });
    expect(expectError(400, res).length).toBeLessThan(200);
    const ws = await t.call('GET', `/apikeys?workspaceId=${'w'.repeat(60)}`);
    expect(expectError(403, ws)).toBe(`No read access to workspace ${'w'.repeat(60)}`);
    const big = await t.call('POST', '/apikeys', { body: awsKey('w'.repeat(900_000)) });
    expect(expectError(400, big).length).toBeLessThan(200);
  });
});

describe('only well-formed text', () => {
  test('invalid UTF-8 in the body → 400, nothing stored', async () => {
    const before = await keyCount();
    const json = Buffer.from(JSON.stringify(awsKey(t.ws.alpha, { description: 'MARK' })));
    const at = json.indexOf('MARK');
    json[at] = 0xc3; // a lead byte followed by ASCII: not UTF-8
    json[at + 1] = 0x28;
    const res = await rawRequest('POST', '/apikeys', json);
    expect(expectError(400, res)).toBe('Request body is not valid UTF-8: send JSON encoded as UTF-8');
    expect(await keyCount()).toBe(before);
  });

  test('a lone surrogate (JSON \\ud800) → 400 naming the field, never stored as U+FFFD', async () => {
    const before = await keyCount();
    const raw = JSON.stringify(awsKey(t.ws.alpha)).replace(JSON.stringify(AWS_SECRET), '"lone \\ud800 surrogate"');
    const res = await t.call('POST', '/apikeys', { raw });
    expect(expectError(400, res)).toBe('Invalid request: secret: must be well-formed Unicode: it holds a lone surrogate (\\uD800-\\uDFFF)');
    const inKey = JSON.stringify(awsKey(t.ws.alpha)).replace('"workspaceId"', '"x\\udc00"');
    expect(expectError(400, await t.call('POST', '/apikeys', { raw: inKey }))).toMatch(/^Invalid request: \(a field name\): must be well-formed Unicode/);
    expect(await keyCount()).toBe(before);
    // a well-formed pair is fine
    expectOk(routes.createApiKey, await t.call('POST', '/apikeys', { raw: JSON.stringify(awsKey(t.ws.alpha, { description: 'emoji \ud83d\ude00' })) }));
  });

  test('a query string that is not percent-encoded UTF-8 → 400 JSON', async () => {
    for (const q of ['workspaceId=%ZZ', 'workspaceId=%ED%A0%80', 'provider=%C3']) {
      expect(expectError(400, await t.call('GET', `/apikeys?${q}`))).toMatch(/^Invalid request: query: ".*" is not valid percent-encoded UTF-8$/);
    }
  });

  test('a malformed path → 400 JSON (not the web framework’s shape)', async () => {
    const res = await rawRequest('PUT', '/apikeys/%E0%A4%A', Buffer.from('{}'));
    expect(expectError(400, res)).toBe('Malformed URL: the path is not valid percent-encoded UTF-8');
  });

  test('malformed JSON: the position, never a quote of the body (which may hold a secret)', async () => {
    const res = await t.call('POST', '/apikeys', { raw: '{"secret":"super-secret-value-42" oops}' });
    const msg = expectError(400, res);
    expect(msg).toMatch(/^Malformed JSON body: /);
    expect(msg).not.toContain('secret-value');
  });
});

describe('every error in the API’s shape', () => {
  test('431: headers over 16 KiB', async () => {
    const res = await rawRequest('GET', '/apikeys', undefined, { 'x-padding': 'p'.repeat(20_000) });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(expectError(431, res)).toBe('Request headers too large: the request line and headers together must stay under 16 KiB');
  });

  test('415 quotes only a short prefix of a long Content-Type', async () => {
    const res = await t.call('POST', '/apikeys', { raw: 'x', headers: { 'content-type': `text/${'p'.repeat(5000)}` } });
    const msg = expectError(415, res);
    expect(msg.length).toBeLessThan(200);
    expect(msg).toMatch(/send application\/json$/);
  });
});

describe('tenantId and subscriptionId are for AZURE keys, enforced by the server', () => {
  test('create: refused on another provider, accepted on AZURE', async () => {
    const before = await keyCount();
    expect(expectError(400, await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha, { tenantId: 'contoso.onmicrosoft.com' }) }))).toBe(
      "Invalid request: tenantId: applies only to AZURE keys, and this key's provider is AWS; remove tenantId or use provider AZURE",
    );
    expect(expectError(400, await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha, { subscriptionId: 'sub' }) }))).toMatch(/^Invalid request: subscriptionId: applies only to AZURE keys/);
    expect(await keyCount()).toBe(before);
    expectOk(routes.createApiKey, await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha, { provider: 'AZURE', tenantId: 't', subscriptionId: 's' }) }));
  });

  test('update: the key as it will be must obey the rule', async () => {
    const aws = await createKey(t, t.ws.alpha);
    expectError(400, await t.call('PUT', `/apikeys/${aws}`, { body: { tenantId: 't' } }));
    const azure = await createKey(t, t.ws.alpha, { provider: 'AZURE', tenantId: 't' });
    expect(expectError(400, await t.call('PUT', `/apikeys/${azure}`, { body: { provider: 'GCP' } }))).toMatch(/^Invalid request: tenantId: applies only to AZURE keys, and this key's provider is GCP/);
    expectOk(routes.updateApiKey, await t.call('PUT', `/apikeys/${azure}`, { body: { provider: 'GCP', tenantId: null } }));
  });
});

describe('secrets are never echoed, not even in part', () => {
  test('a message quoting a value that holds 6+ characters of the secret sent has them scrubbed', async () => {
    const secret = 'Sup3rS3cretValue-xyz';
    // The bucket name is quoted in the "already exists" message; it repeats a part of the secret.
    const name = `team-${secret.slice(2, 12)}-bucket`;
    const body = { workspaceId: t.ws.alpha, name, bucket: 'b', storageType: 'S3', key: 'AKIAINLINEKEY1', secret };
    expectOk(routes.createBucket, await t.call('POST', '/bucket', { body }));
    const msg = expectError(400, await t.call('POST', '/bucket', { body }));
    expect(msg).toMatch(/^Invalid request: name: a bucket named "team-\[REDACTED\]-bucket" already exists/);
    expect(msg).not.toContain(secret.slice(2, 8));
  });
});
