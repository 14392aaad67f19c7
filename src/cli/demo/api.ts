import { FlashbackClient } from '../../client';
import { KeyInUseConflictError, aiLlm, findDependents, providerApiKey, storageBucket } from '../../core';
import type { DemoTarget } from './terraform';
import type { Out } from './tools';

/**
 * The story without an IaC engine, straight through the core models: what the front ends do
 * underneath. Shown when no `terraform` can be found.
 */
export async function apiWalkthrough(target: DemoTarget, out: Out): Promise<void> {
  const ws = target.workspaceId;
  const client = new FlashbackClient({ apiUrl: target.url, token: target.token, env: {} });
  out('\n== The API through the core models (no terraform found)');

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
}
