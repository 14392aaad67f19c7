/**
 * The deletion guard's decisions, called the way the engine calls the hooks (hook callbacks are plain functions), against
 * the emulator. The real-CLI proof that the hooks run during preview is in test/e2e/pulumi/lifecycle.test.ts.
 */
import type * as pulumi from '@pulumi/pulumi';
import type { Dependent } from '../../src/core';
import { type RunLedger, dependentBeforeDelete, keyBeforeDelete, keyDeletionConflicts } from '../../src/pulumi/guard';
import { type TestEmulator, startTestEmulator } from './support/emulator';

function ledger(over: Partial<RunLedger> = {}): RunLedger {
  return { settings: {}, enabled: true, dependents: [], keyUrns: new Set(), keyUrnsSettled: [], deleting: new Set(), ...over };
}
const dep = (id: string, type: Dependent['type'] = 'storage_bucket'): Dependent => ({ type, id, name: `n-${id}`, workspaceId: 'ws' });
const tracked = (id: string | undefined, keyId: string | undefined) => ({ type: 'storage_bucket' as const, id, keyId, settled: Promise.resolve() });

describe('keyDeletionConflicts', () => {
  const key = { workspaceId: 'ws', id: 'k1' };

  it('every dependent is a conflict when the program knows nothing about it', () => {
    expect(keyDeletionConflicts(ledger(), key, [dep('b1'), dep('l1', 'ai_llm')]).map((d) => d.id)).toEqual(['b1', 'l1']);
  });

  it('dependents whose deletion this update already passed are not conflicts', () => {
    expect(keyDeletionConflicts(ledger({ deleting: new Set(['b1']) }), key, [dep('b1'), dep('b2')]).map((d) => d.id)).toEqual(['b2']);
  });

  it('registered dependents pointing at another key, or at one not known yet (a replacement), are re-pointed', () => {
    const l = ledger({ dependents: [tracked('b1', 'k2'), tracked('b2', undefined), tracked('b3', 'k1'), tracked(undefined, undefined)] });
    expect(keyDeletionConflicts(l, key, [dep('b1'), dep('b2'), dep('b3'), dep('b4')]).map((d) => d.id)).toEqual(['b3', 'b4']);
  });
});

describe('hooks against the API', () => {
  let emu: TestEmulator;
  let keyId: string;
  let bucketId: string;
  const urn = 'urn:pulumi:dev::p::pulumi-nodejs:dynamic/flashback:ProviderApiKey::shared';
  const args = (): pulumi.ResourceHookArgs => ({ urn, id: keyId, name: 'shared', type: 'pulumi-nodejs:dynamic/flashback:ProviderApiKey', oldOutputs: { workspaceId: emu.workspaceId }, oldInputs: {} });

  beforeAll(async () => {
    emu = await startTestEmulator();
    keyId = await emu.client.apiKeys.create({ workspaceId: emu.workspaceId, provider: 'AWS', key: 'AKIA', secret: 's' });
    bucketId = await emu.client.buckets.create({ workspaceId: emu.workspaceId, apiKeyUuid: keyId, name: 'hand-made', bucket: 'b', storageType: 'S3' });
  });
  afterAll(async () => emu?.close());

  const settings = () => ({ apiUrl: emu.url, token: emu.token });

  it('the key hook fails a removal with the message naming each dependent', async () => {
    await expect(keyBeforeDelete(ledger({ settings: settings() }), args())).rejects.toThrow(
      `Deleting provider API key ${keyId} (workspace ${emu.workspaceId}) would fail: 1 resource still uses it:\n  - storage bucket "hand-made" (id ${bucketId}, workspace ${emu.workspaceId})\nPoint these at another key`,
    );
  });

  it('names the key reference as Pulumi programs write it (providerApiKeyId), not Terraform\'s attribute', async () => {
    const refused = keyBeforeDelete(ledger({ settings: settings() }), args());
    await expect(refused).rejects.toThrow('Point these at another key (providerApiKeyId) or delete them');
    await expect(refused).rejects.not.toThrow('provider_api_key_id');
  });

  it('says "Replacing" when the program still registers the key (a replacement deletes the old one)', async () => {
    await expect(keyBeforeDelete(ledger({ settings: settings(), keyUrns: new Set([urn]) }), args())).rejects.toThrow(`Replacing provider API key ${keyId}`);
  });

  it('passes once the dependent hook recorded the bucket as deleted by the same update', async () => {
    const l = ledger({ settings: settings() });
    await dependentBeforeDelete(l, { urn: 'urn:b', id: bucketId, name: 'b', type: 't' });
    await expect(keyBeforeDelete(l, args())).resolves.toBeUndefined();
  });

  it('waits for registered dependents to settle before deciding', async () => {
    let settle!: () => void;
    const entry = { type: 'storage_bucket' as const, id: undefined as string | undefined, keyId: undefined as string | undefined, settled: new Promise<void>((r) => (settle = r)) };
    const l = ledger({ settings: settings(), dependents: [entry] });
    const decided = keyBeforeDelete(l, args());
    entry.id = bucketId;
    entry.keyId = 'another-key';
    settle();
    await expect(decided).resolves.toBeUndefined();
  });

  it('without a workspace in the old state it cannot ask and does not block', async () => {
    await expect(keyBeforeDelete(ledger({ settings: settings() }), { ...args(), oldOutputs: {}, oldInputs: {} })).resolves.toBeUndefined();
  });

  it('without credentials it fails saying where to put them', async () => {
    await expect(keyBeforeDelete(ledger(), args())).rejects.toThrow('No Flashback API token: set it with `pulumi config set --secret flashback:token <token>`');
  });
});
