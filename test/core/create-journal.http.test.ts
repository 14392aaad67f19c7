/**
 * The create journal: a run killed before the engine recorded what it created leaves lines
 * that let the next run take those objects back instead of making them again.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlashbackClient } from '../../src/client';
import { FileCreateJournal, providerApiKey, settleCreate, storageBucket, useCreateJournal, type Values } from '../../src/core';
import { createFingerprint } from '../../src/core/create-journal';
import { TOKENS, type TestEmulator, createKey, startTestEmulator, tempDir, unique } from '../emulator/support';

jest.setTimeout(60_000);

let t: TestEmulator;
let ws: string;
let dir: string;

/** A client as one provider process has it, recording into `file`. */
function processWith(file: string) {
  const client = new FlashbackClient({ apiUrl: t.emu.url, token: TOKENS.owner, env: {}, cacheLists: true });
  useCreateJournal(client, new FileCreateJournal(file));
  return client;
}
async function stats(): Promise<Record<string, number>> {
  return ((await t.call('GET', '/__emulator/stats', { as: t.emu.faultsToken })).body as { requests: Record<string, number> }).requests;
}
async function keysNamed(key: string): Promise<string[]> {
  const res = await t.call('GET', `/apikeys?workspaceId=${ws}`);
  return (res.body as { apiKeys: { id: string; key: string }[] }).apiKeys.filter((k) => k.key === key).map((k) => k.id);
}
const keyInput = (key: string, secret = 'journal-secret-one'): Values => ({ workspaceId: ws, providerType: 'AWS', key, secret, region: 'eu-west-1' });

beforeAll(async () => {
  t = await startTestEmulator({ enableFaults: true });
  ws = t.ws.alpha;
  dir = tempDir('fb-journal-');
});
afterAll(() => t.stop());
beforeEach(() => t.call('POST', '/__emulator/stats/reset', { as: t.emu.faultsToken }));

describe('a create journal', () => {
  it('lets the next run take back an object whose create was answered but never recorded, sending its secret again', async () => {
    const file = join(dir, 'answered.jsonl');
    const key = unique('AKIAJOURNAL');
    const killed = await providerApiKey.create(processWith(file), keyInput(key) as never);
    await t.call('POST', '/__emulator/stats/reset', { as: t.emu.faultsToken });
    const next = await providerApiKey.create(processWith(file), keyInput(key, 'journal-secret-two') as never);
    expect(next.id).toBe(killed.id);
    expect(await keysNamed(key)).toEqual([killed.id]);
    const s = await stats();
    expect(s['POST /apikeys']).toBeUndefined();
    expect(s['PUT /apikeys/:id']).toBe(1);
    // Taken back once: a third run creates anew.
    const third = await providerApiKey.create(processWith(file), keyInput(key) as never);
    expect(third.id).not.toBe(killed.id);
    expect(readFileSync(file, 'utf8')).not.toContain(key);
  });

  it('takes back an object whose create was sent and never answered, by what was sent and when', async () => {
    const file = join(dir, 'unanswered.jsonl');
    const key = unique('AKIASENT');
    const input = keyInput(key);
    const fp = createFingerprint(providerApiKey.kind, input, providerApiKey.identity.identifying);
    appendFileSync(file, `${JSON.stringify({ op: 'sent', token: 'dead-1', kind: providerApiKey.kind, fp, at: Date.now() })}\n`);
    // The server acted on it after the run died.
    const made = await createKey(t, ws, { key, region: 'eu-west-1' });
    const next = await providerApiKey.create(processWith(file), input as never);
    expect(next.id).toBe(made);
    expect(await keysNamed(key)).toEqual([made]);
  });

  it('leaves alone what the engine holds (it read it since), and entries whose object is gone', async () => {
    const file = join(dir, 'settled.jsonl');
    const key = unique('AKIAHELD');
    const first = processWith(file);
    const held = await providerApiKey.create(first, keyInput(key) as never);
    settleCreate(first, held.id);
    const next = await providerApiKey.create(processWith(file), keyInput(key) as never);
    expect(next.id).not.toBe(held.id);

    const name = unique('gone');
    const c = processWith(join(dir, 'gone.jsonl'));
    const keyId = (await providerApiKey.create(c, keyInput(unique('AKIAG')) as never)).id;
    const bucket = await storageBucket.create(c, { workspaceId: ws, providerApiKeyId: keyId, name, bucket: 'b', storageType: 'S3' } as never);
    await c.buckets.delete(bucket.id);
    const again = await storageBucket.create(processWith(join(dir, 'gone.jsonl')), { workspaceId: ws, providerApiKeyId: keyId, name, bucket: 'b', storageType: 'S3' } as never);
    expect(again.id).not.toBe(bucket.id);
  });

  it('never writes a key id, a name or a secret in clear', async () => {
    const file = join(dir, 'clear.jsonl');
    const key = unique('AKIACLEAR');
    await providerApiKey.create(processWith(file), keyInput(key, 'journal-never-in-clear') as never);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(key);
    expect(text).not.toContain('journal-never-in-clear');
  });
});
