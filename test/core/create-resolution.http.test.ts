/**
 * Ambiguous creates against the real emulator with injected faults: every failure where the
 * server may have acted is resolved by looking for what the create would have made, so the
 * caller gets the object (no orphan) and never repeats the create (no duplicate).
 */
import { FlashbackClient } from '../../src/client';
import {
  AlreadyExistsError,
  CreateAmbiguousError,
  CreateNotDoneError,
  CreatedUnreadError,
  providerApiKey,
  storageBucket,
  aiLlm,
  type Values,
} from '../../src/core';
import { TOKENS, type TestEmulator, createKey, startTestEmulator, unique } from '../emulator/support';

jest.setTimeout(60_000);

let t: TestEmulator;
let ws: string;

const client = () =>
  new FlashbackClient({ apiUrl: t.emu.url, token: TOKENS.owner, env: {}, cacheLists: true, retry: { baseDelayMs: 5, maxDelayMs: 10 }, timeoutMs: 2_000 });

async function fault(rule: Record<string, unknown>) {
  expect((await t.call('POST', '/__emulator/faults', { body: rule, as: t.emu.faultsToken })).status).toBe(200);
}
async function stats(): Promise<Record<string, number>> {
  return ((await t.call('GET', '/__emulator/stats', { as: t.emu.faultsToken })).body as { requests: Record<string, number> }).requests;
}
async function keysNamed(key: string): Promise<{ id: string }[]> {
  const res = await t.call('GET', `/apikeys?workspaceId=${ws}`);
  return (res.body as { apiKeys: { id: string; key: string }[] }).apiKeys.filter((k) => k.key === key);
}

const keyInput = (key: string): Values => ({ workspaceId: ws, providerType: 'AWS', key, secret: 'resolution-secret-value', region: 'eu-west-1' });

beforeAll(async () => {
  t = await startTestEmulator({ enableFaults: true });
  ws = t.ws.alpha;
});
afterAll(() => t.stop());
beforeEach(async () => {
  await t.call('DELETE', '/__emulator/faults', { as: t.emu.faultsToken });
  await t.call('POST', '/__emulator/stats/reset', { as: t.emu.faultsToken });
});

describe('a create whose outcome is unknown', () => {
  it.each([
    ['the connection drops after the server acted', { dropConnection: true, when: 'after' }],
    ['the server answers 500 after acting', { status: 500, when: 'after' }],
    ['the server answers 502 after acting', { status: 502, when: 'after' }],
  ])('takes the object it made into state when %s, sending the create once', async (_what, rule) => {
    const key = unique('AKIAAFTER');
    await fault({ count: 1, path: '/apikeys', method: 'POST', ...rule });
    const state = await providerApiKey.create(client(), keyInput(key) as never);
    const found = await keysNamed(key);
    expect(found.map((k) => k.id)).toEqual([state.id]);
    expect(state).toMatchObject({ key, providerType: 'AWS', region: 'eu-west-1', workspaceId: ws, createdAt: expect.any(String) });
    expect((await stats())['POST /apikeys']).toBe(1);
  });

  it('says it was not created when the server failed before acting', async () => {
    const key = unique('AKIABEFORE');
    await fault({ count: 1, path: '/apikeys', method: 'POST', status: 500 });
    const e = await providerApiKey.create(client(), keyInput(key) as never).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CreateNotDoneError);
    expect((e as Error).message).toMatch(/was not created: .*500.*holds no provider API key matching it/);
    expect(await keysNamed(key)).toEqual([]);
  });

  it('resolves a dropped connection before acting as not created', async () => {
    const key = unique('AKIADROP');
    await fault({ count: 1, path: '/apikeys', method: 'POST', dropConnection: true });
    await expect(providerApiKey.create(client(), keyInput(key) as never)).rejects.toBeInstanceOf(CreateNotDoneError);
    expect(await keysNamed(key)).toEqual([]);
  });

  it('names every candidate when several match, and never picks one', async () => {
    const key = unique('AKIATWICE');
    // An identical key made by someone else while this create was out.
    await createKey(t, ws, { key, region: 'eu-west-1' });
    await fault({ count: 1, path: '/apikeys', method: 'POST', status: 500, when: 'after' });
    const e = await providerApiKey.create(client(), keyInput(key) as never).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CreateAmbiguousError);
    const ids = (await keysNamed(key)).map((k) => k.id);
    expect(ids).toHaveLength(2);
    expect((e as CreateAmbiguousError).candidates.map((c) => c.id).sort()).toEqual([...ids].sort());
    const text = (e as CreateAmbiguousError).explain((ref) => `terraform import ADDR ${ref.workspaceId}/${ref.id}`);
    for (const id of ids) expect(text).toContain(`terraform import ADDR ${ws}/${id}`);
  });

  it('does not hand one object to two creates of the same client', async () => {
    const key = unique('AKIASAME');
    const c = client();
    const first = await providerApiKey.create(c, keyInput(key) as never);
    await fault({ count: 1, path: '/apikeys', method: 'POST', dropConnection: true, when: 'after' });
    const second = await providerApiKey.create(c, keyInput(key) as never);
    expect(second.id).not.toBe(first.id);
    expect((await keysNamed(key)).map((k) => k.id).sort()).toEqual([first.id, second.id].sort());
  });

  it('finds a bucket by its name after a dropped answer', async () => {
    const c = client();
    const keyId = (await providerApiKey.create(c, keyInput(unique('AKIAB')) as never)).id;
    const name = unique('resolved-bucket');
    await fault({ count: 1, path: '/bucket', method: 'POST', dropConnection: true, when: 'after' });
    const state = await storageBucket.create(c, { workspaceId: ws, providerApiKeyId: keyId, name, bucket: 'b', storageType: 'S3' } as never);
    expect(state).toMatchObject({ name, providerApiKeyId: keyId, status: expect.any(String) });
  });
});

describe('a create answered with an id', () => {
  it('reads it back with the lists shared by the creates that finish together', async () => {
    const c = client();
    const keys = await Promise.all(Array.from({ length: 8 }, () => providerApiKey.create(c, keyInput(unique('AKIABATCH')) as never)));
    expect(new Set(keys.map((k) => k.id)).size).toBe(8);
    for (const k of keys) expect(k.createdAt).toEqual(expect.any(String));
    const s = await stats();
    expect(s['POST /apikeys']).toBe(8);
    expect(s['GET /apikeys']).toBeLessThanOrEqual(2);
  });

  it('keeps the id and what was sent when reading it back fails', async () => {
    const key = unique('AKIAUNREAD');
    await fault({ count: 50, path: '/apikeys', method: 'GET', status: 503 });
    const e = await providerApiKey.create(client(), keyInput(key) as never).catch((x: unknown) => x);
    await t.call('DELETE', '/__emulator/faults', { as: t.emu.faultsToken });
    expect(e).toBeInstanceOf(CreatedUnreadError);
    const [made] = await keysNamed(key);
    expect((e as CreatedUnreadError).ref).toEqual({ workspaceId: ws, id: made.id });
    expect((e as CreatedUnreadError).partial).toEqual({ id: made.id, workspaceId: ws, providerType: 'AWS', key, region: 'eu-west-1', endpoint: undefined, description: undefined, tenantId: undefined, subscriptionId: undefined });
    expect(JSON.stringify((e as CreatedUnreadError).partial)).not.toContain('resolution-secret-value');
  });
});

describe('a name already taken', () => {
  it('says the bucket exists, matches in every field, and how to take it over', async () => {
    const c = client();
    const keyId = (await providerApiKey.create(c, keyInput(unique('AKIATAKEN')) as never)).id;
    const input = { workspaceId: ws, providerApiKeyId: keyId, name: unique('taken'), bucket: 'b', storageType: 'S3' };
    const first = await storageBucket.create(c, input as never);
    const e = await storageBucket.create(c, input as never).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AlreadyExistsError);
    expect((e as AlreadyExistsError).existing).toEqual({ workspaceId: ws, id: first.id });
    expect((e as AlreadyExistsError).differing).toEqual([]);
    expect((e as AlreadyExistsError).explain((r) => `terraform import X ${r.workspaceId}/${r.id}`)).toContain(`matches this configuration in every field`);
    const other = await storageBucket.create(c, { ...input, bucket: 'other' } as never).catch((x: unknown) => x);
    expect((other as AlreadyExistsError).differing).toEqual(['bucket']);
  });

  it('says an AI model name is taken in the workspace', async () => {
    const c = client();
    const keyId = (await providerApiKey.create(c, { ...keyInput(unique('sk-taken')), providerType: 'OPENAI', region: undefined } as never)).id;
    const input = { workspaceId: ws, providerApiKeyId: keyId, name: unique('model'), aiType: 'OPENAI' };
    const first = await aiLlm.create(c, input as never);
    const e = await aiLlm.create(c, input as never).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AlreadyExistsError);
    expect((e as AlreadyExistsError).existing?.id).toBe(first.id);
  });
});
