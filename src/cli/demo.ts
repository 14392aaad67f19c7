import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlashbackClient } from '../client';
import { KeyInUseConflictError, findDependents, providerApiKey, storageBucket, aiLlm } from '../core';
import { type RunningEmulator, startEmulator } from '../emulator';

/**
 * The main job of `npm start`: the embedded emulator in a temporary folder, and a key shared
 * by two buckets and an AI model taken through create, rotation, a refused deletion and a
 * clean teardown. Everything is removed afterwards, also on Ctrl-C.
 */
export async function runDemo(out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flashback-demo-'));
  let emu: RunningEmulator | undefined;
  const cleanup = async () => {
    await emu?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = () => {
    out('\ninterrupted: stopping the emulator and removing its data');
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    emu = await startEmulator({ port: 0, dataDir: dir });
    const user = emu.seeded.users[0];
    const ws = emu.seeded.workspaces[0].id;
    out(`Flashback API emulator on ${emu.url} (data in ${dir}, secrets encrypted at rest)`);
    const client = new FlashbackClient({ apiUrl: emu.url, token: user.token, env: {} });

    out('\n1. A provider API key shared by two buckets and an AI model');
    const key = await providerApiKey.create(client, { workspaceId: ws, providerType: 'AWS', key: 'AKIADEMO', secret: 'demo-secret-v1', region: 'eu-west-1' });
    const ref = { workspaceId: ws, id: key.id };
    const logs = await storageBucket.create(client, { workspaceId: ws, providerApiKeyId: key.id, name: 'demo-logs', bucket: 'acme-logs', storageType: 'S3' });
    const media = await storageBucket.create(client, { workspaceId: ws, providerApiKeyId: key.id, name: 'demo-media', bucket: 'acme-media', storageType: 'S3' });
    const llm = await aiLlm.create(client, { workspaceId: ws, providerApiKeyId: key.id, name: 'demo-assistant', aiType: 'AWS' });
    const used = await providerApiKey.read(client, ref);
    out(`   key ${key.id}: used by ${used?.bucketCount} buckets and ${used?.aiLlmCount} AI model`);

    out('\n2. Rotate the secret in place');
    const rotated = await providerApiKey.update(client, ref, { workspaceId: ws, providerType: 'AWS', key: 'AKIADEMO', secret: 'demo-secret-v2', region: 'eu-west-1' }, ['secret']);
    out(`   same id ${rotated.id === key.id ? 'kept' : 'CHANGED'}; buckets still point at it: ${(await findDependents(client, ref)).length} dependents`);

    out('\n3. Delete the key alone: refused, naming what uses it');
    try {
      await providerApiKey.delete(client, ref);
      out('   unexpected: the key was deleted');
    } catch (e) {
      if (!(e instanceof KeyInUseConflictError)) throw e;
      out(e.message.replace(/^/gm, '   '));
    }

    out('\n4. Tear down in dependency order');
    for (const b of [logs, media]) await storageBucket.delete(client, { workspaceId: ws, id: b.id });
    await aiLlm.delete(client, { workspaceId: ws, id: llm.id });
    await providerApiKey.delete(client, ref);
    out(`   done: ${(await client.apiKeys.list({ workspaceId: ws })).length} keys left`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}
