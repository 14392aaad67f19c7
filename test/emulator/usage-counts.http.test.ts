import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { routes } from '../../src/client/contract';
import { DB_FILE } from '../../src/emulator/db';
import { KEY_CONSUMERS } from '../../src/emulator/consumers';
import { type TestEmulator, createBucket, createKey, createLlm, expectOk, listKeys, startTestEmulator, tempDir } from './support';

/**
 * Issue #13.6: usage counts are columns kept by triggers, not counted per list, and list
 * answers are cached until a write. Every write must show in the very next list.
 */
let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

const counts = async (keyId: string) => {
  const k = (await listKeys(t, t.ws.alpha)).find((x) => x.id === keyId);
  return [k?.bucket_count, k?.aillm_count];
};

test('every write that adds, re-points or removes a consumer shows in the next list', async () => {
  const a = await createKey(t, t.ws.alpha);
  const b = await createKey(t, t.ws.alpha);
  expect(await counts(a)).toEqual([0, 0]);
  const bucket = await createBucket(t, t.ws.alpha, { apiKeyUuid: a, key: undefined, secret: undefined });
  const llm = await createLlm(t, t.ws.alpha, { apiKeyUuid: a });
  await createBucket(t, t.ws.alpha); // inline credentials: no key
  expect(await counts(a)).toEqual([1, 1]);

  expectOk(routes.updateBucket, await t.call('PUT', `/bucket/${bucket}`, { body: { apiKeyUuid: b } }));
  expect([await counts(a), await counts(b)]).toEqual([[0, 1], [1, 0]]);
  expectOk(routes.updateBucket, await t.call('PUT', `/bucket/${bucket}`, { body: { apiKeyUuid: b, name: `same-key-${Date.now()}` } })); // the same key again
  expect(await counts(b)).toEqual([1, 0]);
  expectOk(routes.updateAiLlm, await t.call('PUT', `/ai/llm/${llm}`, { body: { apiKeyUuid: b } }));
  expect([await counts(a), await counts(b)]).toEqual([[0, 0], [1, 1]]);

  expectOk(routes.deleteBucket, await t.call('DELETE', `/bucket/${bucket}`)); // soft delete
  expectOk(routes.deleteAiLlm, await t.call('DELETE', `/ai/llm/${llm}`)); // hard delete
  expect(await counts(b)).toEqual([0, 0]);
  expectOk(routes.deleteApiKey, await t.call('DELETE', `/apikeys/${b}`));
  expect((await listKeys(t, t.ws.alpha)).map((k) => k.id)).not.toContain(b);
});

test('a refused write changes nothing, and the next list still answers from the truth', async () => {
  const a = await createKey(t, t.ws.alpha);
  await createBucket(t, t.ws.alpha, { apiKeyUuid: a, key: undefined, secret: undefined });
  const before = await listKeys(t, t.ws.alpha);
  expect((await t.call('DELETE', `/apikeys/${a}`)).status).toBe(400); // in use
  expect(await listKeys(t, t.ws.alpha)).toEqual(before);
});

test('a version-1 database (counts computed per list) is migrated: columns added and counted', async () => {
  const dir = tempDir();
  try {
    const first = await startTestEmulator({ dataDir: dir });
    const key = await createKey(first, first.ws.alpha);
    await createBucket(first, first.ws.alpha, { apiKeyUuid: key, key: undefined, secret: undefined });
    await createLlm(first, first.ws.alpha, { apiKeyUuid: key });
    await first.stop();

    // Turn it back into version 1: no count columns, no triggers.
    const db = new Database(join(dir, DB_FILE));
    for (const c of KEY_CONSUMERS) {
      for (const op of ['insert', 'update', 'delete']) db.exec(`DROP TRIGGER ${c.table}_usage_${op}`);
      db.exec(`ALTER TABLE api_keys DROP COLUMN ${c.countField}`);
    }
    db.pragma('user_version = 1');
    db.close();

    const second = await startTestEmulator({ dataDir: dir });
    try {
      const listed = (await listKeys(second, second.ws.alpha)).find((k) => k.id === key);
      expect([listed?.bucket_count, listed?.aillm_count]).toEqual([1, 1]);
      await createBucket(second, second.ws.alpha, { apiKeyUuid: key, key: undefined, secret: undefined }); // triggers are back
      expect((await listKeys(second, second.ws.alpha)).find((k) => k.id === key)?.bucket_count).toBe(2);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
