import { routes } from '../../src/client/contract';
import { type TestEmulator, createBucket, createKey, expectError, expectOk, listBuckets, startTestEmulator, unique } from './support';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ bucketQuota: 1000 });
});
afterAll(() => t.stop());

describe('storage buckets', () => {
  test('create with apiKeyUuid, list it back as apiKeyId, never a secret', async () => {
    const keyId = await createKey(t, t.ws.alpha);
    const name = unique('data');
    const res = await t.call('POST', '/bucket', {
      body: { workspaceId: t.ws.alpha, name, bucket: 'acme-data', storageType: 'S3', apiKeyUuid: keyId, region: 'us-east-1', endpoint: 'https://s3.amazonaws.com' },
    });
    const { bucketId } = expectOk(routes.createBucket, res);
    const bucket = (await listBuckets(t, t.ws.alpha)).find((b) => b.id === bucketId);
    expect(bucket).toEqual({
      id: bucketId,
      name,
      bucket: 'acme-data',
      storageType: 'S3',
      region: 'us-east-1',
      endpoint: 'https://s3.amazonaws.com',
      status: 'ACTIVE',
      workspaceId: t.ws.alpha,
      apiKeyId: keyId,
      createdAt: expect.any(String),
      lastStatusAt: expect.any(String),
    });
  });

  test('inline key and secret work without apiKeyUuid; the secret never comes back', async () => {
    const id = await createBucket(t, t.ws.alpha, { key: 'AKIAINLINE', secret: 'inline-bucket-secret' });
    const res = await t.call('GET', `/bucket?workspaceId=${t.ws.alpha}`);
    expect(JSON.stringify(res.body)).not.toContain('inline-bucket-secret');
    expect(expectOk(routes.listBuckets, res).buckets.find((b) => b.id === id)?.apiKeyId).toBeNull();
  });

  test('a bucket needs apiKeyUuid, or key and secret', async () => {
    const base = { workspaceId: t.ws.alpha, name: unique('nocred'), bucket: 'b', storageType: 'S3' };
    const before = await listBuckets(t, t.ws.alpha);
    expect(expectError(400, await t.call('POST', '/bucket', { body: base }))).toBe(
      'Invalid request: apiKeyUuid: a bucket needs credentials: send apiKeyUuid, or both key and secret (missing key)',
    );
    expect(expectError(400, await t.call('POST', '/bucket', { body: { ...base, key: 'AKIA' } }))).toBe(
      'Invalid request: apiKeyUuid: a bucket needs credentials: send apiKeyUuid, or both key and secret (missing secret)',
    );
    expect(await listBuckets(t, t.ws.alpha)).toEqual(before);
  });

  test('a bucket may only use a key of its own workspace, on create and on re-point', async () => {
    const betaKey = await createKey(t, t.ws.beta);
    const body = { workspaceId: t.ws.alpha, name: unique('cross'), bucket: 'b', storageType: 'S3', apiKeyUuid: betaKey };
    const expected = `Invalid request: apiKeyUuid: no API key ${betaKey} in workspace ${t.ws.alpha}; a bucket can only use a key of its own workspace`;
    expect(expectError(400, await t.call('POST', '/bucket', { body }))).toBe(expected);
    const id = await createBucket(t, t.ws.alpha);
    expect(expectError(400, await t.call('PUT', `/bucket/${id}`, { body: { apiKeyUuid: betaKey } }))).toBe(expected);
    expect((await listBuckets(t, t.ws.alpha)).find((b) => b.id === id)?.apiKeyId).toBeNull();
    // a key id that does not exist gets the same answer
    expect(expectError(400, await t.call('PUT', `/bucket/${id}`, { body: { apiKeyUuid: 'nope' } }))).toMatch(/^Invalid request: apiKeyUuid: no API key nope in workspace/);
  });

  test('PUT re-points, renames and clears; only the fields sent change', async () => {
    const k1 = await createKey(t, t.ws.alpha);
    const k2 = await createKey(t, t.ws.alpha);
    const id = await createBucket(t, t.ws.alpha, { apiKeyUuid: k1, region: 'us-east-1' });
    const name = unique('renamed');
    const res = await t.call('PUT', `/bucket/${id}`, { body: { apiKeyUuid: k2, name, region: null } });
    expect(expectOk(routes.updateBucket, res).bucketId).toBe(id);
    expect((await listBuckets(t, t.ws.alpha)).find((b) => b.id === id)).toMatchObject({ id, name, apiKeyId: k2, region: null, bucket: 'my-bucket', storageType: 'S3' });
  });

  test('bucket names are unique in the organisation, across workspaces; a deleted bucket frees its name', async () => {
    const name = unique('shared-name');
    const first = await createBucket(t, t.ws.alpha, { name });
    const msg = `Invalid request: name: a bucket named "${name}" already exists in this organisation; bucket names are unique per organisation`;
    expect(expectError(400, await t.call('POST', '/bucket', { body: { workspaceId: t.ws.beta, name, bucket: 'b', storageType: 'GCS', key: 'k', secret: 's' } }))).toBe(msg);
    const second = await createBucket(t, t.ws.alpha);
    expect(expectError(400, await t.call('PUT', `/bucket/${second}`, { body: { name } }))).toBe(msg);
    expectOk(routes.updateBucket, await t.call('PUT', `/bucket/${first}`, { body: { name } })); // its own name is fine
    expectOk(routes.deleteBucket, await t.call('DELETE', `/bucket/${first}`));
    await createBucket(t, t.ws.beta, { name });
  });

  test('delete is soft: the bucket leaves the list and answers 404 afterwards', async () => {
    const id = await createBucket(t, t.ws.alpha);
    expectOk(routes.deleteBucket, await t.call('DELETE', `/bucket/${id}`));
    expect((await listBuckets(t, t.ws.alpha)).map((b) => b.id)).not.toContain(id);
    expect(expectError(404, await t.call('DELETE', `/bucket/${id}`))).toBe(`Bucket ${id} not found`);
    expect(expectError(404, await t.call('PUT', `/bucket/${id}`, { body: { region: 'x' } }))).toBe(`Bucket ${id} not found`);
  });

  test('storageType is one of S3, GCS, BLOB', async () => {
    const body = { workspaceId: t.ws.alpha, name: unique('st'), bucket: 'b', storageType: 'AZURE', key: 'k', secret: 's' };
    expect(expectError(400, await t.call('POST', '/bucket', { body }))).toBe('Invalid request: storageType: Invalid option: expected one of "S3"|"GCS"|"BLOB"');
  });
});

describe('bucket quota', () => {
  let q: TestEmulator;
  beforeAll(async () => {
    q = await startTestEmulator({ bucketQuota: 2 });
  });
  afterAll(() => q.stop());

  test('the organisation quota answers 429 and writes nothing; deleting frees room', async () => {
    const a = await createBucket(q, q.ws.alpha);
    await createBucket(q, q.ws.beta);
    const body = { workspaceId: q.ws.alpha, name: unique('over'), bucket: 'b', storageType: 'S3', key: 'k', secret: 's' };
    expect(expectError(429, await q.call('POST', '/bucket', { body }))).toBe('Bucket quota reached: the organisation already has 2 bucket(s) (limit 2)');
    expect(await listBuckets(q, q.ws.alpha)).toHaveLength(1);
    expectOk(routes.deleteBucket, await q.call('DELETE', `/bucket/${a}`));
    expectOk(routes.createBucket, await q.call('POST', '/bucket', { body }));
  });
});
