import { rmSync } from 'node:fs';
import { routes } from '../../src/client/contract';
import { type Seed, startEmulator } from '../../src/emulator';
import { SEED, type TestEmulator, expectError, expectOk, httpCall, startTestEmulator, tempDir } from './support';

describe('bearer tokens', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(() => t.stop());

  test.each([
    ['no Authorization header', undefined],
    ['an unknown token', 'Bearer nope-nope-nope'],
    ['a Basic scheme', 'Basic b3duZXI6cHc='],
    ['Bearer with no token', 'Bearer '],
  ])('%s → 401 {success:false, message}', async (_what, header) => {
    const res = await t.call('GET', '/apikeys', { as: null, headers: header ? { authorization: header } : {} });
    expect(expectError(401, res)).toBe('Missing or invalid bearer token: send Authorization: Bearer <token>');
  });

  test('the scheme is case-insensitive', async () => {
    expectOk(routes.listApiKeys, await t.call('GET', '/apikeys', { as: null, headers: { authorization: 'bearer tok-owner-0000' } }));
  });

  test('POST /user/refresh issues a new access token; the old one keeps working', async () => {
    const res = await t.call('POST', '/user/refresh', { as: null, body: { refresh_token: 'ref-owner-0000' } });
    const body = expectOk(routes.refresh, res);
    expect(body.refreshToken).toBe('ref-owner-0000');
    expect(body.accessToken).toMatch(/^fbe_/);
    expectOk(routes.listApiKeys, await t.call('GET', '/apikeys', { as: body.accessToken }));
    expectOk(routes.listApiKeys, await t.call('GET', '/apikeys', { as: 'owner' }));
  });

  test('refresh with an unknown token → 401; with no body → 400 naming refresh_token', async () => {
    expect(expectError(401, await t.call('POST', '/user/refresh', { as: null, body: { refresh_token: 'nope' } }))).toBe('Invalid refresh token');
    expect(expectError(400, await t.call('POST', '/user/refresh', { as: null, body: {} }))).toBe(
      'Invalid request: refresh_token: Invalid input: expected string, received undefined',
    );
  });

  test('a refresh token is not an access token, and an access token does not refresh', async () => {
    expectError(401, await t.call('GET', '/apikeys', { as: 'ref-owner-0000' }));
    expectError(401, await t.call('POST', '/user/refresh', { as: null, body: { refresh_token: 'tok-owner-0000' } }));
  });

  test('POST /user/login with a seeded password', async () => {
    const body = expectOk(routes.login, await t.call('POST', '/user/login', { as: null, body: { email: 'owner@acme.test', password: 'owner-password' } }));
    expect(body.refreshToken).toBe('ref-owner-0000');
    expectOk(routes.listWorkspaces, await t.call('GET', '/workspace', { as: body.accessToken }));
    expect(expectError(401, await t.call('POST', '/user/login', { as: null, body: { email: 'owner@acme.test', password: 'wrong' } }))).toBe('Invalid email or password');
    expectError(401, await t.call('POST', '/user/login', { as: null, body: { email: 'writer@acme.test', password: 'any' } })); // no password seeded
    expectError(401, await t.call('POST', '/user/login', { as: null, body: { email: 'nobody@acme.test', password: 'any' } }));
  });
});

describe('seeding', () => {
  test('the same seed on the same data dir gives the same ids and tokens; generated tokens are kept', async () => {
    const dir = tempDir();
    const seed: Seed = { org: { name: 'o' }, workspaces: [{ name: 'w' }], users: [{ email: 'u@o.test', orgRole: 'MEMBER', workspaces: { w: 'WRITE' } }] };
    const first = await startEmulator({ dataDir: dir, seed });
    await first.close();
    const second = await startEmulator({ dataDir: dir, seed });
    try {
      expect(second.seeded).toEqual(first.seeded);
      expect(second.seeded.users[0].token).toMatch(/^fbe_/);
      expect(second.seeded.users[0].refreshToken).toMatch(/^fbr_/);
      expectOk(routes.listApiKeys, await httpCall(second.url, 'GET', `/apikeys?workspaceId=${second.seeded.workspaces[0].id}`, { as: second.seeded.users[0].token }));
    } finally {
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without a seed: the default org, workspace and OWNER on an empty dir; the existing org afterwards', async () => {
    const dir = tempDir();
    const first = await startEmulator({ dataDir: dir });
    expect(first.seeded).toMatchObject({ orgName: 'default', workspaces: [{ name: 'default' }], users: [{ email: 'owner@flashback.local', orgRole: 'OWNER' }] });
    await first.close();
    const again = await startEmulator({ dataDir: dir });
    expect(again.seeded).toEqual(first.seeded);
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('changing a seeded token revokes the old one; explicit workspace ids are used', async () => {
    const dir = tempDir();
    const seed = (token: string): Seed => ({ ...SEED, workspaces: [{ id: 'ws-alpha', name: 'alpha' }, { name: 'beta' }], users: [{ ...SEED.users[0], token }] });
    const a = await startEmulator({ dataDir: dir, seed: seed('first-token') });
    expect(a.seeded.workspaces[0]).toEqual({ id: 'ws-alpha', name: 'alpha' });
    await a.close();
    const b = await startEmulator({ dataDir: dir, seed: seed('second-token') });
    try {
      expectError(401, await httpCall(b.url, 'GET', '/apikeys', { as: 'first-token' }));
      expectOk(routes.listApiKeys, await httpCall(b.url, 'GET', '/apikeys?workspaceId=ws-alpha', { as: 'second-token' }));
    } finally {
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an invalid seed is refused with the field named', async () => {
    const dir = tempDir();
    const bad = { org: { name: 'o' }, workspaces: [{ name: 'w' }], users: [{ email: 'u@o.test', orgRole: 'KING', workspaces: { nope: 'READ' } }] } as unknown as Seed;
    await expect(startEmulator({ dataDir: dir, seed: bad })).rejects.toThrow('Invalid seed: users.0.orgRole: Invalid option: expected one of "OWNER"|"ADMINISTRATOR"|"MEMBER"');
    const unknownWs: Seed = { org: { name: 'o' }, workspaces: [{ name: 'w' }], users: [{ email: 'u@o.test', orgRole: 'MEMBER', workspaces: { nope: 'READ' } }] };
    await expect(startEmulator({ dataDir: dir, seed: unknownWs })).rejects.toThrow('Invalid seed: users.0.workspaces.nope: no workspace named "nope" in the seed');
    rmSync(dir, { recursive: true, force: true });
  });
});
