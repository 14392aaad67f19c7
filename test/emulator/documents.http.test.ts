/**
 * The emulator's generic collection (src/emulator/routes/documents.ts): a collection the
 * contract declares and no emulator code names. The contract's list is extended here with a
 * test-only `widgets` collection, so the real list, routes, OpenAPI and key deletion check all
 * see it, as they would see a fourth resource's.
 */
import { mockWidgets } from './widgets-collection';
import { type TestEmulator, createKey, expectError, expectOk, startTestEmulator } from './support';

jest.mock('../../src/client/contract/collections', () => {
  const { mockWidgets: widgets } = jest.requireActual<typeof import('./widgets-collection')>('./widgets-collection');
  const actual = jest.requireActual<typeof import('../../src/client/contract/collections')>('../../src/client/contract/collections');
  return { ...actual, collections: { ...actual.collections, widgets } };
});

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

const widgets = (workspaceId: string) => t.call('GET', `/widget?workspaceId=${workspaceId}`).then((r) => expectOk(mockWidgets.list, r).widgets);

describe('a collection served from the documents table', () => {
  test('create, list, update (null clears a field), delete', async () => {
    const key = await createKey(t, t.ws.alpha);
    const created = expectOk(mockWidgets.create, await t.call('POST', '/widget', { body: { workspaceId: t.ws.alpha, apiKeyUuid: key, name: 'w1', colour: 'red' } }));
    expect(await widgets(t.ws.alpha)).toEqual([{ id: created.widgetId, name: 'w1', colour: 'red', workspaceId: t.ws.alpha, apiKeyId: key, createdAt: expect.any(String) }]);
    expect(await widgets(t.ws.beta)).toEqual([]);
    expectOk(mockWidgets.update, await t.call('PUT', `/widget/${created.widgetId}`, { body: { name: 'w2', colour: null } }));
    expect(await widgets(t.ws.alpha)).toEqual([{ id: created.widgetId, name: 'w2', workspaceId: t.ws.alpha, apiKeyId: key, createdAt: expect.any(String) }]);
    expectOk(mockWidgets.delete, await t.call('DELETE', `/widget/${created.widgetId}`));
    expect(await widgets(t.ws.alpha)).toEqual([]);
    expect(expectError(404, await t.call('DELETE', `/widget/${created.widgetId}`))).toBe(`Widget ${created.widgetId} not found`);
  });

  test('the shared rules: workspace access, a key of the same workspace, the contract\'s schemas', async () => {
    const key = await createKey(t, t.ws.alpha);
    const other = await createKey(t, t.ws.beta);
    expect(expectError(403, await t.call('POST', '/widget', { as: 'reader', body: { workspaceId: t.ws.alpha, apiKeyUuid: key, name: 'w' } }))).toBe(`No write access to workspace ${t.ws.alpha}`);
    expect(expectError(400, await t.call('POST', '/widget', { body: { workspaceId: t.ws.alpha, apiKeyUuid: other, name: 'w' } }))).toBe(
      `Invalid request: apiKeyUuid: no API key ${other} in workspace ${t.ws.alpha}; a widget can only use a key of its own workspace`,
    );
    expect(expectError(400, await t.call('POST', '/widget', { body: { workspaceId: t.ws.alpha, apiKeyUuid: key, name: 'w', size: 3 } }))).toMatch(/size/);
    const id = expectOk(mockWidgets.create, await t.call('POST', '/widget', { body: { workspaceId: t.ws.alpha, apiKeyUuid: key, name: 'w' } })).widgetId;
    expect(expectError(403, await t.call('PUT', `/widget/${id}`, { as: 'reader', body: { name: 'x' } }))).toBe(`No write access to workspace ${t.ws.alpha}`);
    expect(expectError(404, await t.call('PUT', `/widget/${id}`, { as: 'stranger', body: { name: 'x' } }))).toBe(`Widget ${id} not found`);
    expect(expectError(403, await t.call('GET', `/widget?workspaceId=${t.ws.alpha}`, { as: 'stranger' }))).toBe(`No read access to workspace ${t.ws.alpha}`);
  });

  test('a widget that uses a key blocks the key\'s deletion, named in the message, until re-pointed', async () => {
    const key = await createKey(t, t.ws.alpha);
    const next = await createKey(t, t.ws.alpha);
    const id = expectOk(mockWidgets.create, await t.call('POST', '/widget', { body: { workspaceId: t.ws.alpha, apiKeyUuid: key, name: 'blocker' } })).widgetId;
    expect(expectError(400, await t.call('DELETE', `/apikeys/${key}`))).toBe(
      `API key ${key} is in use by 1 resource(s): widget "blocker" (id ${id}, workspace ${t.ws.alpha}). Re-point or delete them first.`,
    );
    expectOk(mockWidgets.update, await t.call('PUT', `/widget/${id}`, { body: { apiKeyUuid: next } }));
    expect((await t.call('DELETE', `/apikeys/${key}`)).status).toBe(200);
  });

  test('is in the contract\'s OpenAPI document, with its id link', async () => {
    const doc = (await t.call('GET', '/openapi.json', { as: null })).body as { paths: Record<string, Record<string, { responses: Record<string, { links?: Record<string, unknown> }> }>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/widget', '/widget/{id}']));
    expect(doc.paths['/widget'].post.responses['200'].links).toEqual({
      updateWidget: { operationId: 'updateWidget', parameters: { id: '$response.body#/widgetId' } },
      deleteWidget: { operationId: 'deleteWidget', parameters: { id: '$response.body#/widgetId' } },
    });
  });
});
