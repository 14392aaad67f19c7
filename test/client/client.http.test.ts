import {
  AbortedError,
  ApiError,
  ApiKeyInUseError,
  ConnectionError,
  FlashbackClient,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
  type ClientOptions,
} from '../../src/client';
import { TOKENS, type TestEmulator, startTestEmulator, unique } from '../emulator/support';

const SECRET = 'super-secret-value-7f3a9c';

let t: TestEmulator;
let alpha: string;
let beta: string;

/** Sleeps are recorded and shortened so the retry schedule is asserted, not waited for. */
function clientFor(token: string | undefined, opts: Partial<ClientOptions> = {}) {
  const sleeps: number[] = [];
  const client = new FlashbackClient({
    apiUrl: t.emu.url,
    token,
    env: {},
    retry: { baseDelayMs: 10, maxDelayMs: 40 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...opts,
  });
  return { client, sleeps };
}

async function fault(rule: Record<string, unknown>) {
  const res = await t.call('POST', '/__emulator/faults', { body: rule, as: t.emu.faultsToken });
  expect(res.status).toBe(200);
}

async function stats(): Promise<Record<string, number>> {
  return ((await t.call('GET', '/__emulator/stats', { as: t.emu.faultsToken })).body as { requests: Record<string, number> }).requests;
}

beforeAll(async () => {
  t = await startTestEmulator({ enableFaults: true });
  alpha = t.ws.alpha;
  beta = t.ws.beta;
});
afterAll(() => t.stop());
beforeEach(async () => {
  await t.call('DELETE', '/__emulator/faults', { as: t.emu.faultsToken });
  await t.call('POST', '/__emulator/stats/reset', { as: t.emu.faultsToken });
});

describe('every call', () => {
  it('manages keys, buckets and AI models through their whole lifecycle', async () => {
    const { client } = clientFor(TOKENS.owner);
    const keyId = await client.apiKeys.create({ workspaceId: alpha, provider: 'AWS', key: 'AKIA1', secret: SECRET, region: 'eu-west-1', description: 'logs' });
    const key = await client.apiKeys.get(alpha, keyId);
    expect(key).toMatchObject({ id: keyId, key: 'AKIA1', provider: 'AWS', region: 'eu-west-1', description: 'logs', bucket_count: 0, aillm_count: 0 });
    expect(JSON.stringify(key)).not.toContain(SECRET);

    const bucketId = await client.buckets.create({ workspaceId: alpha, apiKeyUuid: keyId, name: unique('b'), bucket: 'raw', storageType: 'S3' });
    const llmId = await client.aiLlms.create({ workspaceId: alpha, apiKeyUuid: keyId, name: unique('m'), aiType: 'OPENAI' });
    expect((await client.buckets.get(alpha, bucketId)).apiKeyId).toBe(keyId);
    expect((await client.aiLlms.get(alpha, llmId)).apiKeyId).toBe(keyId);
    expect(await client.apiKeys.get(alpha, keyId)).toMatchObject({ bucket_count: 1, aillm_count: 1 });

    await client.apiKeys.update(keyId, { secret: 'rotated-secret', description: null });
    expect((await client.apiKeys.get(alpha, keyId)).description ?? undefined).toBeUndefined();
    await client.buckets.update(bucketId, { region: 'us-east-1' });
    expect((await client.buckets.get(alpha, bucketId)).region).toBe('us-east-1');
    await client.aiLlms.update(llmId, { endpoint: 'https://llm.example.test' });
    expect((await client.aiLlms.get(alpha, llmId)).endpoint).toBe('https://llm.example.test');

    expect((await client.apiKeys.list({ workspaceId: alpha, provider: 'AWS', capability: 1 })).map((k) => k.id)).toContain(keyId);
    expect((await client.apiKeys.list({ workspaceId: alpha, provider: 'OPENAI' })).map((k) => k.id)).not.toContain(keyId);

    await client.buckets.delete(bucketId);
    await client.aiLlms.delete(llmId);
    await client.apiKeys.delete(keyId);
    await expect(client.apiKeys.get(alpha, keyId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists workspaces and providers', async () => {
    const { client } = clientFor(TOKENS.owner);
    expect((await client.listWorkspaces()).map((w) => w.name).sort()).toEqual(['alpha', 'beta']);
    expect((await client.listProviders()).map((p) => p.id)).toEqual(expect.arrayContaining(['AWS', 'GCP', 'AZURE', 'OPENAI', 'ANTHROPIC']));
  });
});

describe('typed errors', () => {
  it('classifies each status, carrying status, method and path', async () => {
    const { client } = clientFor(TOKENS.owner);
    const e1 = await client.apiKeys.create({ workspaceId: alpha, provider: 'NOPE', key: 'k', secret: SECRET }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ValidationError);
    expect(e1).toMatchObject({ status: 400, method: 'POST', path: '/apikeys' });
    expect((e1 as Error).message).toMatch(/provider/);

    await expect(clientFor('not-a-token').client.apiKeys.list({ workspaceId: alpha })).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(clientFor(TOKENS.reader).client.apiKeys.create({ workspaceId: alpha, provider: 'AWS', key: 'k', secret: SECRET })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(client.apiKeys.update('00000000-0000-0000-0000-000000000000', { description: 'x' })).rejects.toBeInstanceOf(NotFoundError);

    const keyId = await client.apiKeys.create({ workspaceId: alpha, provider: 'AWS', key: 'k', secret: SECRET });
    const bucketId = await client.buckets.create({ workspaceId: alpha, apiKeyUuid: keyId, name: unique('b'), bucket: 'x', storageType: 'S3' });
    const inUse = await client.apiKeys.delete(keyId).catch((e: unknown) => e);
    expect(inUse).toBeInstanceOf(ApiKeyInUseError);
    expect((inUse as ApiKeyInUseError).serverMessage).toContain(bucketId);
    await client.buckets.delete(bucketId);
    await client.apiKeys.delete(keyId);

    await fault({ count: 1, status: 500, path: '/workspace' });
    const e500 = await client.listWorkspaces().catch((e: unknown) => e);
    expect(e500).toBeInstanceOf(ApiError);
    expect(e500).toMatchObject({ status: 500, name: 'ApiError' });
  });

  it('reports 429 as RateLimitedError with the Retry-After it was given once attempts run out', async () => {
    const { client } = clientFor(TOKENS.owner, { retry: { maxAttempts: 2, baseDelayMs: 1 } });
    await fault({ count: 2, status: 429, retryAfter: 3, path: '/apikeys' });
    const e = await client.apiKeys.list({ workspaceId: alpha }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RateLimitedError);
    expect((e as RateLimitedError).retryAfterSeconds).toBe(3);
  });

  it('never puts a secret it sent into an error message', async () => {
    const { client } = clientFor(TOKENS.owner);
    // The emulator echoes nothing, so force an echo through an injected message.
    await fault({ count: 1, status: 400, path: '/apikeys', method: 'POST', message: `bad secret ${SECRET}` });
    const e = await client.apiKeys.create({ workspaceId: alpha, provider: 'AWS', key: 'k', secret: SECRET }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as Error).message).not.toContain(SECRET);
    expect((e as Error).message).toContain('[REDACTED]');
  });
});

describe('retries', () => {
  it('retries 503, 502 and 504 on reads with growing jittered delays', async () => {
    const { client, sleeps } = clientFor(TOKENS.owner, { random: () => 1 });
    await fault({ count: 1, status: 503, path: '/apikeys' });
    await fault({ count: 1, status: 502, path: '/apikeys' });
    await fault({ count: 1, status: 504, path: '/apikeys' });
    await client.apiKeys.list({ workspaceId: alpha });
    expect(sleeps).toEqual([10, 20, 40]);
    expect((await stats())['GET /apikeys']).toBe(4);
  });

  it('honours Retry-After, capped', async () => {
    const { client, sleeps } = clientFor(TOKENS.owner, { retry: { retryAfterCapMs: 2_000 } });
    await fault({ count: 1, status: 429, retryAfter: 1, path: '/bucket' });
    await fault({ count: 1, status: 429, retryAfter: 120, path: '/bucket' });
    await client.buckets.list({ workspaceId: alpha });
    expect(sleeps).toEqual([1_000, 2_000]);
  });

  it('really waits when it is not told otherwise', async () => {
    const client = new FlashbackClient({ apiUrl: t.emu.url, token: TOKENS.owner, env: {}, retry: { baseDelayMs: 200, maxDelayMs: 200 } });
    await fault({ count: 1, status: 429, retryAfter: 1, path: '/ai/llm' });
    const started = Date.now();
    await client.aiLlms.list({ workspaceId: alpha });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('gives up after the attempts allowed', async () => {
    const { client, sleeps } = clientFor(TOKENS.owner, { retry: { maxAttempts: 3 } });
    await fault({ count: 5, status: 503, path: '/apikeys' });
    await expect(client.apiKeys.list({ workspaceId: alpha })).rejects.toMatchObject({ status: 503 });
    expect(sleeps).toHaveLength(2);
  });

  it('stops at the overall deadline', async () => {
    const { client, sleeps } = clientFor(TOKENS.owner, { retry: { deadlineMs: 1_500 } });
    // Waiting the 5 s asked for would end past the deadline, so the call fails at once.
    await fault({ count: 1, status: 429, retryAfter: 5, path: '/bucket' });
    await expect(client.buckets.list({ workspaceId: alpha })).rejects.toBeInstanceOf(RateLimitedError);
    expect(sleeps).toEqual([]);
  });

  it('retries a create after 429 and 503, which prove the server did not act', async () => {
    const { client } = clientFor(TOKENS.owner);
    await fault({ count: 1, status: 429, path: '/apikeys', method: 'POST' });
    await fault({ count: 1, status: 503, path: '/apikeys', method: 'POST' });
    const id = await client.apiKeys.create({ workspaceId: alpha, provider: 'AWS', key: 'k', secret: SECRET });
    expect((await stats())['POST /apikeys']).toBe(3);
    await client.apiKeys.delete(id);
  });

  it('does not repeat a create after an ambiguous failure', async () => {
    const { client } = clientFor(TOKENS.owner);
    const before = (await client.apiKeys.list({ workspaceId: beta })).length;
    await fault({ count: 1, status: 502, path: '/apikeys', method: 'POST', when: 'after' });
    await expect(client.apiKeys.create({ workspaceId: beta, provider: 'AWS', key: 'k', secret: SECRET })).rejects.toMatchObject({ status: 502 });
    await fault({ count: 1, dropConnection: true, path: '/apikeys', method: 'POST', when: 'after' });
    await expect(client.apiKeys.create({ workspaceId: beta, provider: 'AWS', key: 'k', secret: SECRET })).rejects.toBeInstanceOf(ConnectionError);
    expect((await stats())['POST /apikeys']).toBe(2);
    // Each create acted once on the server: two keys, not four.
    expect((await client.apiKeys.list({ workspaceId: beta })).length).toBe(before + 2);
  });

  it('retries reads after a dropped connection, and a create after connection refused', async () => {
    const { client } = clientFor(TOKENS.owner);
    await fault({ count: 1, dropConnection: true, path: '/apikeys', method: 'GET' });
    await client.apiKeys.list({ workspaceId: alpha });
    expect((await stats())['GET /apikeys']).toBe(2);

    const { client: nowhere, sleeps } = clientFor(TOKENS.owner, { apiUrl: 'http://127.0.0.1:1', retry: { maxAttempts: 3, baseDelayMs: 1 } });
    const e = await nowhere.apiKeys.create({ workspaceId: alpha, provider: 'AWS', key: 'k', secret: SECRET }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectionError);
    expect((e as ConnectionError).code).toBe('ECONNREFUSED');
    expect(sleeps).toHaveLength(2);
  });

  it('aborts waits and calls when its signal fires', async () => {
    const ac = new AbortController();
    const client = new FlashbackClient({ apiUrl: t.emu.url, token: TOKENS.owner, env: {}, signal: ac.signal });
    await fault({ count: 1, delayMs: 1_000, path: '/apikeys' });
    const p = client.apiKeys.list({ workspaceId: alpha });
    setTimeout(() => ac.abort(), 100);
    await expect(p).rejects.toBeInstanceOf(AbortedError);
  });
});

describe('auth', () => {
  it('refreshes once on 401 and replays the call', async () => {
    const owner = t.emu.seeded.users.find((u) => u.email === 'owner@acme.test');
    const { client } = clientFor('expired-token', { refreshToken: owner?.refreshToken });
    expect((await client.apiKeys.list({ workspaceId: alpha })).length).toBeGreaterThanOrEqual(0);
    const s = await stats();
    expect(s['POST /user/refresh']).toBe(1);
    expect(s['GET /apikeys']).toBe(2);
    // The new token is kept: no second refresh.
    await client.buckets.list({ workspaceId: alpha });
    expect((await stats())['POST /user/refresh']).toBe(1);
  });

  it('reads the token and URL from the environment', async () => {
    const client = new FlashbackClient({ env: { FLASHBACK_API_URL: t.emu.url, FLASHBACK_API_TOKEN: TOKENS.owner } });
    expect((await client.listWorkspaces()).length).toBe(2);
  });
});

describe('debug log', () => {
  it('logs calls without secrets or tokens', async () => {
    const lines: string[] = [];
    const { client } = clientFor(TOKENS.owner, { log: (l) => lines.push(l) });
    await fault({ count: 1, status: 503, path: '/apikeys', method: 'POST' });
    const id = await client.apiKeys.create({ workspaceId: alpha, provider: 'AWS', key: 'AKIA-PUBLIC', secret: SECRET });
    await client.apiKeys.delete(id);
    const text = lines.join('\n');
    expect(text).toContain('POST /apikeys');
    expect(text).toContain('retrying POST /apikeys');
    expect(text).toContain('[REDACTED]');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('AKIA-PUBLIC');
    expect(text).not.toContain(TOKENS.owner);
  });
});

describe('list cache', () => {
  it('shares list answers until a write', async () => {
    const { client } = clientFor(TOKENS.owner, { cacheLists: true });
    await Promise.all([client.apiKeys.list({ workspaceId: alpha }), client.apiKeys.list({ workspaceId: alpha }), client.apiKeys.get(alpha, 'x').catch(() => undefined)]);
    expect((await stats())['GET /apikeys']).toBe(1);
    const id = await client.apiKeys.create({ workspaceId: alpha, provider: 'AWS', key: 'k', secret: SECRET });
    expect((await client.apiKeys.get(alpha, id)).id).toBe(id);
    expect((await stats())['GET /apikeys']).toBe(2);
    await client.apiKeys.delete(id);
  });

  it('keeps the provider types across writes', async () => {
    const { client } = clientFor(TOKENS.owner, { cacheLists: true });
    await Promise.all([client.listProviders(), client.listProviders()]);
    const id = await client.apiKeys.create({ workspaceId: alpha, provider: 'AWS', key: 'k', secret: SECRET });
    expect((await client.listProviders()).map((p) => p.id)).toContain('AWS');
    expect((await stats())['GET /providers']).toBe(1);
    client.invalidateCache();
    await client.listProviders();
    expect((await stats())['GET /providers']).toBe(2);
    await client.apiKeys.delete(id);
  });
});
