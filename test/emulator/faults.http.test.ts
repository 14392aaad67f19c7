import { routes } from '../../src/client/contract';
import type { StatsSnapshot } from '../../src/emulator';
import { type TestEmulator, awsKey, expectError, expectOk, listKeys, startTestEmulator } from './support';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ enableFaults: true });
});
afterAll(() => t.stop());
/** The faults token, as `as` of a call: a literal bearer token. */
const admin = (): string => t.emu.faultsToken ?? '(faults disabled)';
beforeEach(async () => {
  await t.call('DELETE', '/__emulator/faults', { as: admin() });
});

const addFault = async (rule: Record<string, unknown>) => {
  const res = await t.call('POST', '/__emulator/faults', { as: admin(), body: rule });
  expect(res.status).toBe(200);
  return res.body;
};

const stats = async (): Promise<StatsSnapshot> => (await t.call('GET', '/__emulator/stats', { as: admin() })).body as StatsSnapshot;

describe('fault injection', () => {
  test('429 with Retry-After for the next N matching requests, then normal answers', async () => {
    await addFault({ count: 2, status: 429, retryAfter: 3, path: '/apikeys' });
    for (let i = 0; i < 2; i++) {
      const res = await t.call('GET', '/apikeys');
      expect(expectError(429, res)).toBe('injected fault');
      expect(res.headers.get('retry-after')).toBe('3');
    }
    expectOk(routes.listApiKeys, await t.call('GET', '/apikeys'));
  });

  test('Retry-After as an HTTP date; a custom message', async () => {
    const date = new Date(Date.now() + 2000).toUTCString();
    await addFault({ count: 1, status: 429, retryAfter: date, message: 'slow down' });
    const res = await t.call('GET', '/bucket');
    expect(expectError(429, res)).toBe('slow down');
    expect(res.headers.get('retry-after')).toBe(date);
  });

  test('503 only for the matching method and path prefix; other requests pass', async () => {
    await addFault({ count: 1, status: 503, method: 'post', path: '/apikeys' });
    expectOk(routes.listApiKeys, await t.call('GET', '/apikeys'));
    expectOk(routes.listBuckets, await t.call('GET', '/bucket'));
    const before = await listKeys(t, t.ws.alpha);
    expect(expectError(503, await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha) }))).toBe('injected fault');
    expect(await listKeys(t, t.ws.alpha)).toEqual(before); // a 'before' fault never reaches the handler
    expectOk(routes.createApiKey, await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha) }));
  });

  test('a delay, then the request is handled normally', async () => {
    await addFault({ count: 1, delayMs: 300, path: '/workspace' });
    const started = Date.now();
    expectOk(routes.listWorkspaces, await t.call('GET', '/workspace'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const again = Date.now();
    await t.call('GET', '/workspace');
    expect(Date.now() - again).toBeLessThan(250);
  });

  test('a dropped connection: the client sees a socket error, nothing is written', async () => {
    await addFault({ count: 1, dropConnection: true, method: 'POST' });
    const before = await listKeys(t, t.ws.alpha);
    await expect(t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha) })).rejects.toThrow();
    expect(await listKeys(t, t.ws.alpha)).toEqual(before);
  });

  test("when: 'after' commits the write, then answers 502 or drops: an ambiguous failure", async () => {
    const before = (await listKeys(t, t.ws.alpha)).length;
    await addFault({ count: 1, status: 502, when: 'after', method: 'POST', path: '/apikeys' });
    expect(expectError(502, await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha, { description: 'after-502' }) }))).toBe('injected fault');
    await addFault({ count: 1, dropConnection: true, when: 'after', method: 'POST', path: '/apikeys' });
    await expect(t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha, { description: 'after-drop' }) })).rejects.toThrow();
    const keys = await listKeys(t, t.ws.alpha);
    expect(keys).toHaveLength(before + 2);
    expect(keys.slice(-2).map((k) => k.description)).toEqual(['after-502', 'after-drop']);
  });

  test('rules apply in the order queued; GET lists what is pending; DELETE clears', async () => {
    await addFault({ count: 1, status: 500 });
    await addFault({ count: 5, status: 504 });
    expectError(500, await t.call('GET', '/providers'));
    expectError(504, await t.call('GET', '/providers'));
    const pending = (await t.call('GET', '/__emulator/faults', { as: admin() })).body as { rules: { status: number; remaining: number }[] };
    expect(pending.rules).toEqual([expect.objectContaining({ status: 504, remaining: 4 })]);
    expect((await t.call('DELETE', '/__emulator/faults', { as: admin() })).body).toEqual({ success: true, cleared: 1 });
    expectOk(routes.listProviders, await t.call('GET', '/providers'));
  });

  test('/__emulator routes are never faulted', async () => {
    await addFault({ count: 1, status: 500 });
    expect((await t.call('GET', '/__emulator/stats', { as: admin() })).status).toBe(200);
    expectError(500, await t.call('GET', '/providers'));
  });

  test.each([
    [{ count: 0, status: 429 }, 'count: Too small: expected number to be >=1'],
    [{ count: 1 }, '(body): a rule needs status, delayMs or dropConnection: true'],
    [{ count: 1, status: 503, dropConnection: true }, '(body): status and dropConnection exclude each other'],
    [{ count: 1, status: 200 }, 'status: Too small: expected number to be >=400'],
    [{ count: 1, status: 503, path: 'apikeys' }, 'path: must start with /'],
    [{ count: 1, delayMs: 5, when: 'after' }, "when: 'after' needs status or dropConnection: true"],
    [{ count: 1, status: 503, colour: 'red' }, 'colour: unknown field; remove it'],
  ])('an invalid rule %j → 400', async (rule, issue) => {
    const res = await t.call('POST', '/__emulator/faults', { as: admin(), body: rule });
    expect(expectError(400, res)).toBe(`Invalid fault rule: ${issue}`);
  });
});

describe('request stats', () => {
  test('counts per METHOD and path template, with statuses, since the last reset', async () => {
    expect((await t.call('POST', '/__emulator/stats/reset', { as: admin() })).body).toEqual({ success: true });
    const keyId = expectOk(routes.createApiKey, await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha) })).apiKeyId;
    await t.call('GET', '/apikeys');
    await t.call('GET', `/apikeys?workspaceId=${t.ws.alpha}`);
    await t.call('PUT', `/apikeys/${keyId}`, { body: { description: 'x' } });
    await t.call('PUT', '/apikeys/nope', { body: { description: 'x' } });
    await t.call('GET', '/no/such/route');
    await addFault({ count: 1, status: 429, path: '/bucket' });
    await t.call('GET', '/bucket');
    const s = await stats();
    expect(s.total).toBe(7);
    expect(s.requests).toEqual({ 'POST /apikeys': 1, 'GET /apikeys': 2, 'PUT /apikeys/:id': 2, 'GET (no route)': 1, 'GET /bucket': 1 });
    expect(s.statuses['PUT /apikeys/:id']).toEqual({ '200': 1, '404': 1 });
    expect(s.statuses['GET /bucket']).toEqual({ '429': 1 });
    expect(Date.parse(s.since)).not.toBeNaN();
  });
});

describe('the faults token', () => {
  test.each([
    ['POST', '/__emulator/faults'],
    ['GET', '/__emulator/faults'],
    ['DELETE', '/__emulator/faults'],
    ['GET', '/__emulator/stats'],
    ['POST', '/__emulator/stats/reset'],
  ])('%s %s without it, or with a user token, → 401 and nothing changes', async (method, path) => {
    await addFault({ count: 3, status: 503, path: '/nothing-here' });
    for (const as of [null, 'owner', `${admin()}x`]) {
      const msg = expectError(401, await t.call(method, path, { as, body: method === 'POST' ? { count: 1, status: 500 } : undefined }));
      expect(msg).toMatch(/^The fault and stats routes need Authorization: Bearer <faults token>/);
    }
    const pending = (await t.call('GET', '/__emulator/faults', { as: admin() })).body as { rules: { path: string }[] };
    expect(pending.rules.map((r) => r.path)).toEqual(['/nothing-here']);
  });

  test('a token given as an option is the one required', async () => {
    const fixed = await startTestEmulator({ enableFaults: true, faultsToken: 'fixed-faults-token' });
    try {
      expect(fixed.emu.faultsToken).toBe('fixed-faults-token');
      expect((await fixed.call('GET', '/__emulator/stats', { as: 'fixed-faults-token' })).status).toBe(200);
      expectError(401, await fixed.call('GET', '/__emulator/stats', { as: admin() }));
    } finally {
      await fixed.stop();
    }
  });
});

describe('without --faults', () => {
  let plain: TestEmulator;
  beforeAll(async () => {
    plain = await startTestEmulator();
  });
  afterAll(() => plain.stop());

  test('neither /__emulator/faults nor /__emulator/stats exists; health does', async () => {
    expect(plain.emu.faultsToken).toBeUndefined();
    expect(expectError(404, await plain.call('POST', '/__emulator/faults', { as: null, body: { count: 1, status: 503 } }))).toBe('No route POST /__emulator/faults');
    expectError(404, await plain.call('GET', '/__emulator/faults', { as: null }));
    expect(expectError(404, await plain.call('GET', '/__emulator/stats', { as: null }))).toBe('No route GET /__emulator/stats');
    expectError(404, await plain.call('POST', '/__emulator/stats/reset', { as: null }));
    expect((await plain.call('GET', '/__emulator/health', { as: null })).body).toEqual({ success: true });
  });
});
