import { routes } from '../../src/client/contract';
import { type TestEmulator, awsKey, createBucket, createKey, createLlm, expectError, expectOk, listKeys, startTestEmulator } from './support';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

const find = async (workspaceId: string, id: string) => (await listKeys(t, workspaceId)).find((k) => k.id === id);

describe('provider API keys', () => {
  test('create then list returns the key with its fields, never the secret nor the workspace id', async () => {
    const res = await t.call('POST', '/apikeys', {
      body: awsKey(t.ws.alpha, {
        provider: 'AZURE', // tenantId and subscriptionId are for AZURE keys only
        secret: 'never-returned-secret',
        endpoint: 'https://s3.eu-west-1.amazonaws.com',
        region: 'eu-west-1',
        description: 'logs',
        tenantId: 'tenant',
        subscriptionId: 'sub',
      }),
    });
    const { apiKeyId } = expectOk(routes.createApiKey, res);
    const listed = await t.call('GET', `/apikeys?workspaceId=${t.ws.alpha}`);
    expect(JSON.stringify(listed.body)).not.toContain('never-returned-secret');
    const key = await find(t.ws.alpha, apiKeyId);
    expect(key).toEqual({
      id: apiKeyId,
      key: 'AKIAEXAMPLE',
      provider: 'AZURE',
      endpoint: 'https://s3.eu-west-1.amazonaws.com',
      region: 'eu-west-1',
      description: 'logs',
      tenantId: 'tenant',
      subscriptionId: 'sub',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      bucket_count: 0,
      aillm_count: 0,
    });
    expect(Object.keys(key ?? {})).not.toContain('workspaceId');
  });

  test('PUT changes only the fields sent; null clears an optional field; the id stays', async () => {
    const id = await createKey(t, t.ws.alpha, { provider: 'AZURE', region: 'us-east-1', description: 'before', tenantId: 'tenant' });
    expectOk(routes.updateApiKey, await t.call('PUT', `/apikeys/${id}`, { body: { description: 'after', region: null, secret: 'rotated' } }));
    const key = await find(t.ws.alpha, id);
    expect(key).toMatchObject({ id, key: 'AKIAEXAMPLE', provider: 'AZURE', description: 'after', region: null, tenantId: 'tenant' });
  });

  test('PUT refuses workspaceId (a key never moves) and any other unknown field, changing nothing', async () => {
    const id = await createKey(t, t.ws.alpha, { description: 'kept' });
    const msg = expectError(400, await t.call('PUT', `/apikeys/${id}`, { body: { workspaceId: t.ws.beta, description: 'lost' } }));
    expect(msg).toBe('Invalid request: workspaceId: unknown field; remove it');
    expect((await find(t.ws.alpha, id))?.description).toBe('kept');
    expect(expectError(400, await t.call('PUT', `/apikeys/${id}`, { body: { colour: 'red', size: 1 } }))).toBe('Invalid request: colour, size: unknown fields; remove them');
  });

  test('PUT validates a new provider against the providers list', async () => {
    const id = await createKey(t, t.ws.alpha);
    expect(expectError(400, await t.call('PUT', `/apikeys/${id}`, { body: { provider: 'NOPE' } }))).toBe(
      'Invalid request: provider: unknown provider "NOPE"; valid providers: AWS, GCP, AZURE, OPENAI, ANTHROPIC',
    );
    expectOk(routes.updateApiKey, await t.call('PUT', `/apikeys/${id}`, { body: { provider: 'GCP' } }));
    expect((await find(t.ws.alpha, id))?.provider).toBe('GCP');
  });

  test('provider and capability filters', async () => {
    const ws = t.ws.beta;
    const aws = await createKey(t, ws);
    const openai = await createKey(t, ws, { provider: 'OPENAI', key: 'org-1' });
    const ids = async (q: string) => expectOk(routes.listApiKeys, await t.call('GET', `/apikeys?workspaceId=${ws}&${q}`)).apiKeys.map((k) => k.id);
    expect(await ids('provider=OPENAI')).toEqual([openai]);
    expect(await ids('capability=1')).toContain(aws); // storage: AWS yes
    expect(await ids('capability=1')).not.toContain(openai); // OPENAI has AI only
    expect(await ids('capability=2')).toEqual(expect.arrayContaining([aws, openai]));
    expect(await ids('capability=255')).toEqual(expect.arrayContaining([aws, openai]));
    expect(await ids('capability=4&provider=OPENAI')).toEqual([]);
    expect(expectError(400, await t.call('GET', `/apikeys?workspaceId=${ws}&capability=256`))).toBe('Invalid request: capability: Too big: expected number to be <=255');
    expect(expectError(400, await t.call('GET', `/apikeys?workspaceId=${ws}&provider=NOPE`))).toMatch(/^Invalid request: provider: unknown provider "NOPE"/);
    expect(expectError(400, await t.call('GET', `/apikeys?workspaceId=${ws}&colour=red`))).toBe('Invalid request: colour: unknown field; remove it');
  });

  test('GET /providers serves the five providers with their capability bitmasks', async () => {
    const { providers } = expectOk(routes.listProviders, await t.call('GET', '/providers'));
    expect(providers.map((p) => [p.id, p.capabilities])).toEqual([
      ['AWS', 7],
      ['GCP', 7],
      ['AZURE', 7],
      ['OPENAI', 2],
      ['ANTHROPIC', 2],
    ]);
  });

  test('bucket_count and aillm_count are computed live from non-deleted dependents', async () => {
    const id = await createKey(t, t.ws.alpha);
    const b1 = await createBucket(t, t.ws.alpha, { apiKeyUuid: id });
    await createBucket(t, t.ws.alpha, { apiKeyUuid: id });
    const m1 = await createLlm(t, t.ws.alpha, { apiKeyUuid: id, key: undefined });
    expect(await find(t.ws.alpha, id)).toMatchObject({ bucket_count: 2, aillm_count: 1 });
    expectOk(routes.deleteBucket, await t.call('DELETE', `/bucket/${b1}`));
    expectOk(routes.deleteAiLlm, await t.call('DELETE', `/ai/llm/${m1}`));
    expect(await find(t.ws.alpha, id)).toMatchObject({ bucket_count: 1, aillm_count: 0 });
  });

  test('deleting a key in use answers 400 naming every dependent, and deletes nothing', async () => {
    const id = await createKey(t, t.ws.alpha);
    const bucketName = `logs-${id.slice(0, 8)}`;
    const modelName = `gpt-${id.slice(0, 8)}`;
    const bucketId = await createBucket(t, t.ws.alpha, { apiKeyUuid: id, name: bucketName, key: undefined, secret: undefined });
    const modelId = await createLlm(t, t.ws.alpha, { apiKeyUuid: id, name: modelName, key: undefined });
    const msg = expectError(400, await t.call('DELETE', `/apikeys/${id}`));
    expect(msg).toBe(
      `API key ${id} is in use by 2 resource(s): bucket "${bucketName}" (id ${bucketId}, workspace ${t.ws.alpha}), ` +
        `AI model "${modelName}" (id ${modelId}, workspace ${t.ws.alpha}). Re-point or delete them first.`,
    );
    expect(msg).toMatch(/in use/i); // what the client classifies as ApiKeyInUseError
    expect(await find(t.ws.alpha, id)).toMatchObject({ bucket_count: 1, aillm_count: 1 });

    // re-point the bucket, delete the model: then the key can go
    const other = await createKey(t, t.ws.alpha);
    expectOk(routes.updateBucket, await t.call('PUT', `/bucket/${bucketId}`, { body: { apiKeyUuid: other } }));
    expect(expectError(400, await t.call('DELETE', `/apikeys/${id}`))).toBe(
      `API key ${id} is in use by 1 resource(s): AI model "${modelName}" (id ${modelId}, workspace ${t.ws.alpha}). Re-point or delete them first.`,
    );
    expectOk(routes.deleteAiLlm, await t.call('DELETE', `/ai/llm/${modelId}`));
    expectOk(routes.deleteApiKey, await t.call('DELETE', `/apikeys/${id}`));
    expect(await find(t.ws.alpha, id)).toBeUndefined();
    expect(await find(t.ws.alpha, other)).toMatchObject({ bucket_count: 1 });
  });

  test('a soft-deleted bucket does not hold its key', async () => {
    const id = await createKey(t, t.ws.alpha);
    const bucketId = await createBucket(t, t.ws.alpha, { apiKeyUuid: id });
    expectOk(routes.deleteBucket, await t.call('DELETE', `/bucket/${bucketId}`));
    expectOk(routes.deleteApiKey, await t.call('DELETE', `/apikeys/${id}`));
  });

  test('404 for a missing id, a deleted key, and a key in a workspace the caller cannot see', async () => {
    expect(expectError(404, await t.call('PUT', '/apikeys/does-not-exist', { body: { description: 'x' } }))).toBe('API key does-not-exist not found');
    expect(expectError(404, await t.call('DELETE', '/apikeys/does-not-exist'))).toBe('API key does-not-exist not found');
    const gone = await createKey(t, t.ws.alpha);
    expectOk(routes.deleteApiKey, await t.call('DELETE', `/apikeys/${gone}`));
    expectError(404, await t.call('DELETE', `/apikeys/${gone}`));
    expectError(404, await t.call('PUT', `/apikeys/${gone}`, { body: { description: 'x' } }));
    const hidden = await createKey(t, t.ws.alpha);
    // the stranger gets the same answer as for an id that does not exist
    expect(expectError(404, await t.call('PUT', `/apikeys/${hidden}`, { as: 'stranger', body: { description: 'x' } }))).toBe(`API key ${hidden} not found`);
  });

  test('creates are not idempotent: the same body twice makes two keys', async () => {
    const body = awsKey(t.ws.beta, { description: 'twice' });
    const a = expectOk(routes.createApiKey, await t.call('POST', '/apikeys', { body })).apiKeyId;
    const b = expectOk(routes.createApiKey, await t.call('POST', '/apikeys', { body })).apiKeyId;
    expect(a).not.toBe(b);
  });
});
