import { routes } from '../../src/client/contract';
import {
  type TestEmulator,
  awsKey,
  createBucket,
  createKey,
  createLlm,
  expectError,
  expectOk,
  listBuckets,
  listKeys,
  listLlms,
  startTestEmulator,
  unique,
} from './support';

/**
 * The role matrix over real HTTP: every caller × list/create/update/delete × keys, buckets
 * and AI models in workspace alpha. A refused write must leave the data unchanged.
 */
let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

type Op = 'list' | 'create' | 'update' | 'delete';
type Kind = 'apikeys' | 'buckets' | 'aiLlms';
type Who = 'no token' | 'unknown token' | 'stranger' | 'reader' | 'writer' | 'admin' | 'administrator' | 'owner';

const token = (who: Who): string | null => (who === 'no token' ? null : who === 'unknown token' ? 'not-a-real-token' : who);

/** Expected status per caller and operation, the same for every resource kind. */
const EXPECTED: Record<Who, Record<Op, number>> = {
  'no token': { list: 401, create: 401, update: 401, delete: 401 },
  'unknown token': { list: 401, create: 401, update: 401, delete: 401 },
  // no role in alpha: the workspace is forbidden, and ids inside it do not exist for them
  stranger: { list: 403, create: 403, update: 404, delete: 404 },
  reader: { list: 200, create: 403, update: 403, delete: 403 },
  writer: { list: 200, create: 200, update: 200, delete: 200 },
  admin: { list: 200, create: 200, update: 200, delete: 200 },
  administrator: { list: 200, create: 200, update: 200, delete: 200 },
  owner: { list: 200, create: 200, update: 200, delete: 200 },
};

const PATHS: Record<Kind, string> = { apikeys: '/apikeys', buckets: '/bucket', aiLlms: '/ai/llm' };

const fixture = (kind: Kind): Promise<string> =>
  kind === 'apikeys' ? createKey(t, t.ws.alpha) : kind === 'buckets' ? createBucket(t, t.ws.alpha) : createLlm(t, t.ws.alpha);

const createBody = (kind: Kind): Record<string, unknown> =>
  kind === 'apikeys'
    ? awsKey(t.ws.alpha)
    : kind === 'buckets'
      ? { workspaceId: t.ws.alpha, name: unique('rb'), bucket: 'b', storageType: 'GCS', key: 'k', secret: 's' }
      : { workspaceId: t.ws.alpha, name: unique('rm'), aiType: 'ANTHROPIC' };

const updateBody: Record<Kind, Record<string, unknown>> = {
  apikeys: { description: 'changed' },
  buckets: { region: 'eu-west-1' },
  aiLlms: { endpoint: 'https://llm.example.com' },
};

async function ids(kind: Kind): Promise<string[]> {
  const rows = kind === 'apikeys' ? await listKeys(t, t.ws.alpha) : kind === 'buckets' ? await listBuckets(t, t.ws.alpha) : await listLlms(t, t.ws.alpha);
  return rows.map((r) => r.id);
}

const cases: [Kind, Who, Op, number][] = [];
for (const kind of ['apikeys', 'buckets', 'aiLlms'] as Kind[])
  for (const who of Object.keys(EXPECTED) as Who[]) for (const op of ['list', 'create', 'update', 'delete'] as Op[]) cases.push([kind, who, op, EXPECTED[who][op]]);

describe('role matrix', () => {
  test.each(cases)('%s: %s %s → %i', async (kind, who, op, status) => {
    const path = PATHS[kind];
    const as = token(who);
    if (op === 'list') {
      const res = await t.call('GET', `${path}?workspaceId=${t.ws.alpha}`, { as });
      if (status === 200) expectOk(kind === 'apikeys' ? routes.listApiKeys : kind === 'buckets' ? routes.listBuckets : routes.listAiLlms, res);
      else expect(expectError(status, res)).toMatch(status === 401 ? /bearer token/ : `No read access to workspace ${t.ws.alpha}`);
      return;
    }
    if (op === 'create') {
      const before = await ids(kind);
      const res = await t.call('POST', path, { as, body: createBody(kind) });
      if (status === 200) {
        expect((await ids(kind)).length).toBe(before.length + 1);
        return;
      }
      expect(expectError(status, res)).toMatch(status === 401 ? /bearer token/ : `No write access to workspace ${t.ws.alpha}`);
      expect(await ids(kind)).toEqual(before);
      return;
    }
    const id = await fixture(kind);
    const before = JSON.stringify(kind === 'apikeys' ? await listKeys(t, t.ws.alpha) : kind === 'buckets' ? await listBuckets(t, t.ws.alpha) : await listLlms(t, t.ws.alpha));
    const res = op === 'update' ? await t.call('PUT', `${path}/${id}`, { as, body: updateBody[kind] }) : await t.call('DELETE', `${path}/${id}`, { as });
    if (status === 200) {
      if (op === 'delete') expect(await ids(kind)).not.toContain(id);
      return;
    }
    const message = expectError(status, res);
    if (status === 404) expect(message).toMatch(new RegExp(`${id} not found$`));
    if (status === 403) expect(message).toBe(`No write access to workspace ${t.ws.alpha}`);
    const after = JSON.stringify(kind === 'apikeys' ? await listKeys(t, t.ws.alpha) : kind === 'buckets' ? await listBuckets(t, t.ws.alpha) : await listLlms(t, t.ws.alpha));
    expect(after).toBe(before);
  });
});

describe('visibility', () => {
  test('a list without workspaceId returns everything the caller can see, and only that', async () => {
    const inAlpha = await createKey(t, t.ws.alpha);
    const inBeta = await createKey(t, t.ws.beta);
    const seen = async (as: string) => expectOk(routes.listApiKeys, await t.call('GET', '/apikeys', { as })).apiKeys.map((k) => k.id);
    for (const who of ['owner', 'administrator', 'reader']) expect(await seen(who)).toEqual(expect.arrayContaining([inAlpha, inBeta]));
    for (const who of ['writer', 'admin']) {
      expect(await seen(who)).toContain(inAlpha);
      expect(await seen(who)).not.toContain(inBeta);
    }
    expect(await seen('stranger')).toContain(inBeta);
    expect(await seen('stranger')).not.toContain(inAlpha);
  });

  test('buckets and AI models lists without workspaceId are filtered the same way', async () => {
    const b = await createBucket(t, t.ws.alpha);
    const m = await createLlm(t, t.ws.alpha);
    const buckets = expectOk(routes.listBuckets, await t.call('GET', '/bucket', { as: 'stranger' })).buckets;
    const llms = expectOk(routes.listAiLlms, await t.call('GET', '/ai/llm', { as: 'stranger' })).aiLlms;
    expect(buckets.map((x) => x.id)).not.toContain(b);
    expect(llms.map((x) => x.id)).not.toContain(m);
    expect(buckets.every((x) => x.workspaceId === t.ws.beta)).toBe(true);
  });

  test('a workspace that does not exist is forbidden on list, like one out of reach', async () => {
    expect(expectError(403, await t.call('GET', '/apikeys?workspaceId=nope'))).toBe('No read access to workspace nope');
  });

  test('GET /workspace lists the visible workspaces with their members', async () => {
    const all = expectOk(routes.listWorkspaces, await t.call('GET', '/workspace')).workspaces;
    expect(all.map((w) => w.name)).toEqual(['alpha', 'beta']);
    const alpha = all.find((w) => w.name === 'alpha');
    expect(alpha?.members.map((m) => [m.email, m.role])).toEqual([
      ['admin@acme.test', 'ADMIN'],
      ['writer@acme.test', 'WRITE'],
      ['reader@acme.test', 'READ'],
    ]);
    const mine = expectOk(routes.listWorkspaces, await t.call('GET', '/workspace', { as: 'writer' })).workspaces;
    expect(mine.map((w) => w.name)).toEqual(['alpha']);
    // Each answer says the caller's own role, organisation admins counting as ADMIN.
    expect(all.map((w) => w.role)).toEqual(['ADMIN', 'ADMIN']);
    expect(mine.map((w) => w.role)).toEqual(['WRITE']);
    const reader = expectOk(routes.listWorkspaces, await t.call('GET', '/workspace', { as: 'reader' })).workspaces;
    expect(reader.map((w) => [w.name, w.role])).toEqual([['alpha', 'READ'], ['beta', 'WRITE']]);
    expectError(401, await t.call('GET', '/workspace', { as: null }));
  });

  test('a reader of alpha who writes beta can write there', async () => {
    const res = await t.call('POST', '/apikeys', { as: 'reader', body: awsKey(t.ws.beta) });
    expectOk(routes.createApiKey, res);
  });
});
