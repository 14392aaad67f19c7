/**
 * Issue #5, end to end with the real Pulumi CLI (Automation API, inline program, file backend, offline) against the
 * emulator. One stack walks the whole life of a shared key; each step depends on the previous one.
 */
import * as pulumi from '@pulumi/pulumi';
import { AiLlm, ProviderApiKey, StorageBucket, getProviderApiKeys, registerDeletionGuard } from '../../../src/pulumi';
import { type PulumiHarness, failure, startPulumi, stateResources } from './harness';

jest.setTimeout(600_000);

interface Spec {
  /** Declare the key and its managed dependents at all. */
  key: boolean;
  providerType: string;
  secret: string;
  description?: string;
  /** Declare the second bucket. */
  bucketTwo: boolean;
  /** Declare the AI model. */
  llm: boolean;
  /** Call registerDeletionGuard() when no Flashback resource is declared. */
  guard: boolean;
  /** Adopt this existing key as `adopted`. */
  adoptId?: string;
}

const TYPE = (name: string) => `pulumi-nodejs:dynamic/flashback:${name}`;
const uniq = Date.now().toString(36);

let h: PulumiHarness;
let failed = true;
const spec: Spec = { key: true, providerType: 'AWS', secret: 'first-secret-value', bucketTwo: true, llm: true, guard: true };

function program(): Record<string, pulumi.Output<unknown> | number> {
  const out: Record<string, pulumi.Output<unknown> | number> = {};
  if (spec.key) {
    const key = new ProviderApiKey('shared', { providerType: spec.providerType, key: 'AKIAE2EPUBLIC', secret: spec.secret, region: 'eu-west-1', description: spec.description });
    out.keyId = key.id;
    out.bucketCount = key.bucketCount;
    const one = new StorageBucket('logs', { providerApiKeyId: key.id, name: `logs-${uniq}`, bucket: 'acme-logs', storageType: 'S3', region: 'eu-west-1' });
    out.logsId = one.id;
    if (spec.bucketTwo) out.assetsId = new StorageBucket('assets', { providerApiKeyId: key.id, name: `assets-${uniq}`, bucket: 'acme-assets', storageType: 'S3' }).id;
    if (spec.llm) out.llmId = new AiLlm('assistant', { providerApiKeyId: key.id, name: `assistant-${uniq}`, aiType: 'OPENAI' }).id;
    // Reading usage in the same program, once everything above exists.
    out.usage = pulumi.all([out.keyId, out.logsId, out.assetsId, out.llmId]).apply(async () => {
      const r = await getProviderApiKeys();
      return r.keys.map((k) => ({ id: k.id, bucketCount: k.bucketCount, dependents: k.dependents.map((d) => d.name).sort() }));
    });
  }
  // A program that declares no Flashback resource registers the guard's hooks itself.
  if (!spec.key && !spec.adoptId && spec.guard) registerDeletionGuard();
  if (spec.adoptId) {
    const adopted = ProviderApiKey.adopt('adopted', spec.adoptId, { providerType: 'GCP', key: 'gcp-hand-made', secret: 'declared-secret', description: 'adopted by pulumi' });
    out.adoptedId = adopted.id;
  }
  return out;
}

const keysOf = async () => h.emu.client.apiKeys.list({ workspaceId: h.emu.workspaceId });
const bucketsOf = async () => h.emu.client.buckets.list({ workspaceId: h.emu.workspaceId });
const llmsOf = async () => h.emu.client.aiLlms.list({ workspaceId: h.emu.workspaceId });

beforeAll(async () => {
  h = await startPulumi('flashback-pulumi-e2e', async () => program());
});
afterAll(async () => {
  await h?.close({ keep: failed });
});

let keyId: string;
let logsId: string;
let assetsId: string;
let llmId: string;

describe('a key shared by two buckets and an AI model, through the real Pulumi CLI', () => {
  it('up creates the key, both buckets and the AI model, with credentials only from stack config', async () => {
    const up = await h.stack.up();
    expect(up.summary.result).toBe('succeeded');
    expect(up.summary.resourceChanges).toEqual({ create: 5 });
    keyId = up.outputs.keyId.value as string;
    logsId = up.outputs.logsId.value as string;
    assetsId = up.outputs.assetsId.value as string;
    llmId = up.outputs.llmId.value as string;
    const [k] = await keysOf();
    expect(k).toMatchObject({ id: keyId, provider: 'AWS', key: 'AKIAE2EPUBLIC', bucket_count: 2, aillm_count: 1 });
    expect((await bucketsOf()).map((b) => [b.id, b.apiKeyId]).sort()).toEqual([[logsId, keyId], [assetsId, keyId]].sort());
    expect(up.outputs.usage.value).toEqual([{ id: keyId, bucketCount: 2, dependents: [`assets-${uniq}`, `assistant-${uniq}`, `logs-${uniq}`] }]);
  });

  it('state: key and secret are Pulumi secrets, and the serialized provider is a small shim with no credential', async () => {
    const text = await h.exportText();
    for (const plaintext of ['first-secret-value', 'AKIAE2EPUBLIC', h.emu.token]) {
      expect(text).not.toContain(plaintext);
      expect(h.stateFileText()).not.toContain(plaintext);
    }
    const key = stateResources(text).find((r) => r.type === TYPE('ProviderApiKey'))!;
    const secretSig = '4dabf18193072939515e22adb298388d';
    for (const bag of [key.inputs!, key.outputs!]) {
      expect(bag.secret).toMatchObject({ [secretSig]: '1b47061264138c4ac30d75fd1eb44270', ciphertext: expect.any(String) });
      expect(bag.key).toMatchObject({ [secretSig]: '1b47061264138c4ac30d75fd1eb44270', ciphertext: expect.any(String) });
    }
    expect(key.outputs).toMatchObject({ workspaceId: h.emu.workspaceId, providerType: 'AWS', region: 'eu-west-1', bucketCount: 0 });
    const shim = key.inputs!.__provider as string;
    expect(typeof shim).toBe('string');
    expect(shim.length).toBeLessThan(4096);
    expect(shim).toContain('flashback-iac/dist/pulumi/provider-impl');
    for (const forbidden of [h.emu.url, h.emu.workspaceId, 'zod', 'axios', 'FlashbackClient', 'Bearer', 'flashback:token']) expect(shim).not.toContain(forbidden);
    expect(key.outputs!.__provider).toBe(shim);
    // The engine hands dynamic providers the whole stack config and keeps it in the default provider's state:
    // secret config (the token) stays encrypted there.
    const provider = stateResources(text).find((r) => r.type === 'pulumi:providers:pulumi-nodejs')!;
    expect(provider.inputs).toMatchObject({ 'flashback:apiUrl': h.emu.url, 'flashback:token': { [secretSig]: '1b47061264138c4ac30d75fd1eb44270', ciphertext: expect.any(String) } });
  });

  it('a second preview shows no changes', async () => {
    const preview = await h.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 5 });
  });

  it('rotating the secret is an in-place update: same id, dependents untouched', async () => {
    spec.secret = 'second-secret-value';
    const preview = await h.stack.preview();
    expect(preview.changeSummary).toEqual({ update: 1, same: 4 });
    const up = await h.stack.up();
    expect(up.summary.resourceChanges).toEqual({ update: 1, same: 4 });
    expect(up.outputs.keyId.value).toBe(keyId);
    expect(up.outputs.logsId.value).toBe(logsId);
    expect((await keysOf()).map((k) => k.id)).toEqual([keyId]);
    const text = await h.exportText();
    expect(text).not.toContain('second-secret-value');
  });

  it('changing providerType replaces the key: Pulumi creates the new one, re-points the buckets and the AI model, deletes the old one', async () => {
    spec.providerType = 'GCP';
    const preview = await h.stack.preview();
    expect(preview.changeSummary).toEqual({ replace: 1, update: 3, same: 1 });
    const up = await h.stack.up();
    expect(up.summary.result).toBe('succeeded');
    expect(up.summary.resourceChanges).toEqual({ replace: 1, update: 3, same: 1 });
    const newKeyId = up.outputs.keyId.value as string;
    expect(newKeyId).not.toBe(keyId);
    expect((await keysOf()).map((k) => [k.id, k.provider])).toEqual([[newKeyId, 'GCP']]);
    expect((await bucketsOf()).map((b) => b.apiKeyId)).toEqual([newKeyId, newKeyId]);
    expect((await llmsOf()).map((l) => [l.id, l.apiKeyId])).toEqual([[llmId, newKeyId]]);
    expect(up.outputs.logsId.value).toBe(logsId);
    keyId = newKeyId;
  });

  describe('with a bucket outside this stack using the key', () => {
    let unmanagedId: string;
    beforeAll(async () => {
      unmanagedId = await h.emu.client.buckets.create({ workspaceId: h.emu.workspaceId, apiKeyUuid: keyId, name: `hand-made-${uniq}`, bucket: 'hand-made', storageType: 'S3' });
    });

    it('a preview of removing the key (with its buckets and AI model) fails, naming only that bucket', async () => {
      spec.key = false;
      const msg = await failure(h.stack.preview());
      spec.key = true;
      expect(msg).toContain('before hook "flashback-provider-api-key-delete-guard" failed');
      expect(msg).toContain(`Deleting provider API key ${keyId} (workspace ${h.emu.workspaceId}) would fail: 1 resource still uses it:`);
      expect(msg).toContain(`storage bucket "hand-made-${uniq}" (id ${unmanagedId}, workspace ${h.emu.workspaceId})`);
      for (const managed of [logsId, assetsId, llmId]) expect(msg).not.toContain(managed);
      expect((await keysOf()).map((k) => k.id)).toEqual([keyId]);
    });

    it('so does a preview of replacing it, while the managed dependents follow the new key', async () => {
      spec.providerType = 'AZURE';
      const msg = await failure(h.stack.preview());
      spec.providerType = 'GCP';
      expect(msg).toContain(`Replacing provider API key ${keyId} (workspace ${h.emu.workspaceId}) would fail: 1 resource still uses it:`);
      expect(msg).toContain(`storage bucket "hand-made-${uniq}" (id ${unmanagedId}`);
      for (const managed of [logsId, assetsId, llmId]) expect(msg).not.toContain(managed);
    });

    it('an `up` without a preview (the Automation API passes --skip-preview) deletes none of it: the buckets and the AI model are held back', async () => {
      spec.key = false;
      const msg = await failure(h.stack.up());
      spec.key = true;
      expect(msg).toContain(`storage bucket "hand-made-${uniq}"`);
      expect((await keysOf()).map((k) => k.id)).toEqual([keyId]);
      expect((await bucketsOf()).map((b) => b.id).sort()).toEqual([logsId, assetsId, unmanagedId].sort());
      expect((await llmsOf()).map((l) => l.id)).toEqual([llmId]);
      const up = await h.stack.up();
      expect(up.summary.resourceChanges).toEqual({ same: 5 });
      expect(up.outputs.logsId.value).toBe(logsId);
    });

    afterAll(async () => {
      await h.emu.client.buckets.delete(unmanagedId);
    });
  });

  it('removing the key together with its buckets and AI model succeeds', async () => {
    spec.key = false;
    // Without any Flashback resource or registerDeletionGuard(), the engine cannot run the hooks stored in state.
    spec.guard = false;
    const unguarded = await failure(h.stack.preview());
    spec.guard = true;
    expect(unguarded).toContain('Preview failed: hook "flashback-key-dependent-delete-ledger" was not registered');
    const preview = await h.stack.preview();
    expect(preview.changeSummary).toEqual({ delete: 4, same: 1 });
    const up = await h.stack.up();
    expect(up.summary.resourceChanges).toEqual({ delete: 4, same: 1 });
    expect(await keysOf()).toEqual([]);
    expect(await bucketsOf()).toEqual([]);
    expect(await llmsOf()).toEqual([]);
  });

  it('refresh: drift is picked up, and an object deleted outside Pulumi leaves the stack and comes back with the next up', async () => {
    spec.key = true;
    spec.bucketTwo = false;
    spec.llm = false;
    const up = await h.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2, same: 1 });
    keyId = up.outputs.keyId.value as string;
    logsId = up.outputs.logsId.value as string;

    await h.emu.client.buckets.delete(logsId);
    await h.emu.client.apiKeys.update(keyId, { description: 'edited in the console', endpoint: null, region: null, tenantId: null, subscriptionId: null });
    const refresh = await h.stack.refresh();
    expect(refresh.summary.result).toBe('succeeded');
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1, update: 1 });
    const resources = stateResources(await h.exportText());
    expect(resources.filter((r) => r.type === TYPE('StorageBucket'))).toEqual([]);
    const key = resources.find((r) => r.type === TYPE('ProviderApiKey'))!;
    expect(key.outputs).toMatchObject({ description: 'edited in the console', bucketCount: 0 });
    expect(key.outputs!.region).toBeUndefined();
    // Secrets survive the refresh as secrets.
    const text = await h.exportText();
    expect(text).not.toContain('second-secret-value');
    expect(text).not.toContain('AKIAE2EPUBLIC');

    const preview = await h.stack.preview();
    expect(preview.changeSummary).toEqual({ create: 1, update: 1, same: 1 });
    const again = await h.stack.up();
    expect(again.summary.resourceChanges).toEqual({ create: 1, update: 1, same: 1 });
    expect(again.outputs.keyId.value).toBe(keyId);
    expect(again.outputs.logsId.value).not.toBe(logsId);
    const [k] = await keysOf();
    expect(k).toMatchObject({ id: keyId, region: 'eu-west-1', bucket_count: 1 });
    expect(k.description ?? undefined).toBeUndefined();
    expect((await h.stack.preview()).changeSummary).toEqual({ same: 3 });
  });

  it('adoption takes over an existing key without re-creating it, then sets its declared secret and fields in place', async () => {
    const existing = await h.emu.client.apiKeys.create({ workspaceId: h.emu.workspaceId, provider: 'GCP', key: 'gcp-hand-made', secret: 'unknown-to-pulumi', description: 'made by hand' });
    spec.adoptId = existing;
    const up = await h.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 1, same: 3 });
    expect(up.outputs.adoptedId.value).toBe(existing);
    const keys = await keysOf();
    expect(keys.map((k) => k.id).sort()).toEqual([keyId, existing].sort());
    expect(keys.find((k) => k.id === existing)?.description).toBe('adopted by pulumi');
    expect(await h.exportText()).not.toContain('declared-secret');
    expect((await h.stack.preview()).changeSummary).toEqual({ same: 4 });
  });

  it('destroy needs --run-program (the delete hooks live in the program); with it, everything is deleted', async () => {
    const msg = await failure(h.stack.destroy());
    expect(msg).toContain('You must run with the `--run-program` flag to use delete hooks during destroy.');
    expect((await keysOf()).length).toBe(2);
    const destroy = await h.stack.destroy({ runProgram: true });
    expect(destroy.summary.result).toBe('succeeded');
    expect(destroy.summary.resourceChanges).toMatchObject({ delete: 4 });
    expect(await keysOf()).toEqual([]);
    expect(await bucketsOf()).toEqual([]);
    failed = false;
  });
});
