import { routes } from '../../src/client/contract';
import { type TestEmulator, createKey, createLlm, expectError, expectOk, listLlms, startTestEmulator, unique } from './support';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

const owner = () => t.emu.seeded.users.find((u) => u.email === 'owner@acme.test');

describe('AI LLM configurations', () => {
  test('create and list: the key is masked, the secret never returned, repos empty', async () => {
    const name = unique('gpt');
    const res = await t.call('POST', '/ai/llm', {
      body: { workspaceId: t.ws.alpha, name, aiType: 'OPENAI', endpoint: 'https://api.openai.com/v1', key: 'sk-proj-verysecretkey9876', secret: 'llm-secret-value' },
    });
    const created = expectOk(routes.createAiLlm, res);
    expect(created.message).toBe('AI model configuration created');
    const listed = await t.call('GET', `/ai/llm?workspaceId=${t.ws.alpha}`);
    expect(JSON.stringify(listed.body)).not.toMatch(/verysecretkey|llm-secret-value/);
    expect(expectOk(routes.listAiLlms, listed).aiLlms.find((m) => m.id === created.aiLlmId)).toEqual({
      id: created.aiLlmId,
      orgId: t.emu.seeded.orgId,
      workspaceId: t.ws.alpha,
      userId: owner()?.id,
      name,
      aiType: 'OPENAI',
      endpoint: 'https://api.openai.com/v1',
      key: 'sk-****9876',
      apiKeyId: null,
      createdAt: expect.any(String),
      repos: [],
    });
  });

  test('linked to a provider key: key is null and apiKeyId set', async () => {
    const keyId = await createKey(t, t.ws.alpha, { provider: 'ANTHROPIC' });
    const id = await createLlm(t, t.ws.alpha, { apiKeyUuid: keyId, key: undefined, aiType: 'ANTHROPIC' });
    expect((await listLlms(t, t.ws.alpha)).find((m) => m.id === id)).toMatchObject({ key: null, apiKeyId: keyId, aiType: 'ANTHROPIC' });
  });

  test('an AI model may only use a key of its own workspace', async () => {
    const betaKey = await createKey(t, t.ws.beta);
    const body = { workspaceId: t.ws.alpha, name: unique('x'), aiType: 'OPENAI', apiKeyUuid: betaKey };
    const expected = `Invalid request: apiKeyUuid: no API key ${betaKey} in workspace ${t.ws.alpha}; an AI model can only use a key of its own workspace`;
    const before = await listLlms(t, t.ws.alpha);
    expect(expectError(400, await t.call('POST', '/ai/llm', { body }))).toBe(expected);
    expect(await listLlms(t, t.ws.alpha)).toEqual(before);
    const id = await createLlm(t, t.ws.alpha);
    expect(expectError(400, await t.call('PUT', `/ai/llm/${id}`, { body: { apiKeyUuid: betaKey } }))).toBe(expected);
  });

  test('names are unique within a workspace, not across workspaces', async () => {
    const name = unique('dup');
    await createLlm(t, t.ws.alpha, { name });
    expect(expectError(400, await t.call('POST', '/ai/llm', { body: { workspaceId: t.ws.alpha, name, aiType: 'OTHER' } }))).toBe(
      `Invalid request: name: an AI model configuration named "${name}" already exists in workspace ${t.ws.alpha}`,
    );
    await createLlm(t, t.ws.beta, { name });
    const other = await createLlm(t, t.ws.alpha);
    expectError(400, await t.call('PUT', `/ai/llm/${other}`, { body: { name } }));
  });

  test('PUT changes only the fields sent; a new key is masked again', async () => {
    const id = await createLlm(t, t.ws.alpha, { endpoint: 'https://a.example.com' });
    const res = await t.call('PUT', `/ai/llm/${id}`, { body: { key: 'sk-rotated-key-00001111', aiType: 'OTHER' } });
    expect(expectOk(routes.updateAiLlm, res).aiLlmId).toBe(id);
    expect((await listLlms(t, t.ws.alpha)).find((m) => m.id === id)).toMatchObject({ key: 'sk-****1111', aiType: 'OTHER', endpoint: 'https://a.example.com' });
    expectOk(routes.updateAiLlm, await t.call('PUT', `/ai/llm/${id}`, { body: { endpoint: null } }));
    expect((await listLlms(t, t.ws.alpha)).find((m) => m.id === id)?.endpoint).toBeNull();
  });

  test('aiType is one of the published values', async () => {
    expect(expectError(400, await t.call('POST', '/ai/llm', { body: { workspaceId: t.ws.alpha, name: 'x', aiType: 'openai' } }))).toBe(
      'Invalid request: aiType: Invalid option: expected one of "OPENAI"|"GOOGLE"|"ANTHROPIC"|"AWS"|"OTHER"',
    );
  });

  test('delete, then 404', async () => {
    const id = await createLlm(t, t.ws.alpha);
    const res = expectOk(routes.deleteAiLlm, await t.call('DELETE', `/ai/llm/${id}`));
    expect(res.message).toBe('AI model configuration deleted');
    expect(expectError(404, await t.call('DELETE', `/ai/llm/${id}`))).toBe(`AI model configuration ${id} not found`);
  });
});
