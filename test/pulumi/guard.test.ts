/**
 * The deletion guard's decisions, called the way the engine calls the hooks (hook callbacks are plain functions), against
 * the emulator. The real-CLI proof that the hooks run during preview is in test/e2e/pulumi/lifecycle.test.ts.
 */
import type * as pulumi from '@pulumi/pulumi';
import type { Dependent } from '../../src/core';
import { type RunLedger, dependentBeforeDelete, keyBeforeDelete, keyDeletionConflicts, keyFate, stackDependentsOf } from '../../src/pulumi/guard';
import * as impl from '../../src/pulumi/provider-impl';
import { KEY_URN_INPUT } from '../../src/pulumi/provider-impl';
import { type TestEmulator, startTestEmulator } from './support/emulator';

jest.setTimeout(60_000);

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

/**
 * Issue #14: the dependent's hook in an update (no preview). The engine deletes a key's dependents in an order of its
 * own, several at once; the decision must be the same for every order (nothing waits on a timer: the ledger has none).
 */
describe('holding back the dependents of a key whose deletion would be refused', () => {
  const KEY_URN = 'urn:pulumi:dev::p::pulumi-nodejs:dynamic/flashback:ProviderApiKey::shared';
  const BUCKET = 'pulumi-nodejs:dynamic/flashback:StorageBucket';
  const LLM = 'pulumi-nodejs:dynamic/flashback:AiLlm';
  let emu: TestEmulator;
  let keyId: string;
  let managed: { urn: string; id: string; name: string; type: string; kind: 'storage_bucket' | 'ai_llm' }[];
  let outsideId: string;

  beforeAll(async () => {
    emu = await startTestEmulator();
    const ws = emu.workspaceId;
    keyId = await emu.client.apiKeys.create({ workspaceId: ws, provider: 'AWS', key: 'AKIA', secret: 's' });
    const bucket = async (name: string) => ({ urn: `urn:pulumi:dev::p::${BUCKET}::${name}`, id: await emu.client.buckets.create({ workspaceId: ws, apiKeyUuid: keyId, name, bucket: name, storageType: 'S3' }), name, type: BUCKET, kind: 'storage_bucket' as const });
    const llmId = await emu.client.aiLlms.create({ workspaceId: ws, apiKeyUuid: keyId, name: 'assistant', aiType: 'OPENAI' });
    managed = [await bucket('logs'), await bucket('assets'), { urn: `urn:pulumi:dev::p::${LLM}::assistant`, id: llmId, name: 'assistant', type: LLM, kind: 'ai_llm' }];
    outsideId = await emu.client.buckets.create({ workspaceId: ws, apiKeyUuid: keyId, name: 'outside', bucket: 'outside', storageType: 'S3' });
  }, 60_000);
  afterAll(async () => emu?.close());

  const stackOf = () => managed.map((m) => ({ urn: m.urn, type: m.kind, name: m.name, workspaceId: emu.workspaceId }));
  function updateLedger(over: Partial<RunLedger> = {}): RunLedger {
    return ledger({ settings: { apiUrl: emu.url, token: emu.token }, dryRun: false, keyIds: new Map(), keyIdsSettled: [], decisions: new Map(), reported: new Set(), readStack: async () => stackOf(), ...over });
  }
  const hookArgs = (m: (typeof managed)[number]): pulumi.ResourceHookArgs => ({
    urn: m.urn,
    id: m.id,
    name: m.name,
    type: m.type,
    oldInputs: { providerApiKeyId: keyId, workspaceId: emu.workspaceId, __flashbackKeyUrn: KEY_URN },
    oldOutputs: { providerApiKeyId: keyId, workspaceId: emu.workspaceId },
  });
  const orders = <T>(xs: T[]): T[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => orders([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest])));
  const outcomes = (calls: Promise<void>[]) => Promise.all(calls.map((c) => c.then(() => 'deleted', (e: Error) => e.message)));

  it('keyFate: a key the program no longer registers, or registers with another id (replaced), is deleted; one it keeps is not', () => {
    const l = updateLedger({ keyUrns: new Set([KEY_URN]), keyIds: new Map([[KEY_URN, 'k1']]) });
    expect(keyFate(l, KEY_URN, 'k1')).toBe('kept');
    expect(keyFate(l, KEY_URN, 'k0')).toBe('deleted');
    expect(keyFate(l, 'urn:pulumi:dev::p::pulumi-nodejs:dynamic/flashback:ProviderApiKey::gone', 'k2')).toBe('deleted');
  });

  it('stackDependentsOf reads the consumers out of the engine\'s readStackResourceOutputs answer', () => {
    const answer = {
      'urn:a': { type: BUCKET, outputs: { name: 'logs', workspaceId: 'ws', providerApiKeyId: 'k' } },
      'urn:b': { type: LLM, outputs: { name: 'assistant', workspaceId: 'ws' } },
      'urn:c': { type: 'pulumi-nodejs:dynamic/flashback:ProviderApiKey', outputs: { workspaceId: 'ws' } },
      'urn:d': { type: 'pulumi:pulumi:Stack', outputs: {} },
    };
    expect(stackDependentsOf(answer)).toEqual([
      { urn: 'urn:a', type: 'storage_bucket', name: 'logs', workspaceId: 'ws' },
      { urn: 'urn:b', type: 'ai_llm', name: 'assistant', workspaceId: 'ws' },
    ]);
    expect(stackDependentsOf(undefined)).toEqual([]);
  });

  it('keyDeletionConflicts with the stack\'s state: its consumers the program dropped are deleted by the update; the rest block', () => {
    const deps = [...managed.map((m) => ({ type: m.kind, id: m.id, name: m.name, workspaceId: emu.workspaceId })), { type: 'storage_bucket', id: outsideId, name: 'outside', workspaceId: emu.workspaceId }];
    const key = { workspaceId: emu.workspaceId, id: keyId };
    expect(keyDeletionConflicts(updateLedger(), key, deps, stackOf()).map((d) => d.id)).toEqual([outsideId]);
    // The same name in another workspace, or of another kind, is another object.
    const elsewhere = stackOf().map((s) => ({ ...s, workspaceId: 'other' }));
    expect(keyDeletionConflicts(updateLedger(), key, deps, elsewhere)).toHaveLength(4);
    // Still registered and still on the key: it blocks.
    const kept = updateLedger({ dependents: [{ type: 'storage_bucket', urn: managed[0].urn, id: managed[0].id, keyId, settled: Promise.resolve() }] });
    expect(keyDeletionConflicts(kept, key, deps, stackOf()).map((d) => d.id).sort()).toEqual([managed[0].id, outsideId].sort());
  });

  it('with a dependent outside the stack, every managed dependent is held back, whatever order their hooks come in; one message says why in full', async () => {
    for (const order of orders(managed)) {
      const l = updateLedger();
      const results = await outcomes(order.map((m) => dependentBeforeDelete(l, hookArgs(m))));
      expect(results.every((r) => r !== 'deleted')).toBe(true);
      const full = results.filter((r) => r.includes('would fail: 1 resource still uses it'));
      expect(full).toHaveLength(1);
      expect(full[0]).toContain(`storage bucket "outside" (id ${outsideId}, workspace ${emu.workspaceId})`);
      expect(full[0]).toContain('(providerApiKeyId)');
      expect(results.filter((r) => r.includes('cannot be deleted in this update'))).toHaveLength(2);
    }
  });

  it('with none outside, all pass in every order (one API call decides for the key)', async () => {
    await emu.client.buckets.delete(outsideId);
    try {
      for (const order of orders(managed)) {
        const l = updateLedger();
        expect(await outcomes(order.map((m) => dependentBeforeDelete(l, hookArgs(m))))).toEqual(['deleted', 'deleted', 'deleted']);
        expect(l.decisions?.size).toBe(1);
      }
    } finally {
      outsideId = await emu.client.buckets.create({ workspaceId: emu.workspaceId, apiKeyUuid: keyId, name: 'outside-again', bucket: 'outside-again', storageType: 'S3' });
    }
  });

  it('waits for the program\'s registrations whether they settle before or after the hook; a key it keeps holds nothing back', async () => {
    for (const settleFirst of [true, false]) {
      let settle!: () => void;
      const keyIds = new Map<string, string>();
      const l = updateLedger({ keyUrns: new Set([KEY_URN]), keyIds, keyIdsSettled: [new Promise<void>((r) => (settle = r)).then(() => void keyIds.set(KEY_URN, keyId))] });
      if (settleFirst) settle();
      const decided = dependentBeforeDelete(l, hookArgs(managed[0]));
      if (!settleFirst) settle();
      await expect(decided).resolves.toBeUndefined();
      expect(l.decisions?.size).toBe(0);
    }
  });

  it('in a preview it only records (the key\'s hook fails the preview); without the key URN, or the stack\'s state, it holds nothing back', async () => {
    const preview = updateLedger({ dryRun: true });
    await expect(dependentBeforeDelete(preview, hookArgs(managed[0]))).resolves.toBeUndefined();
    expect([...preview.deleting]).toEqual([managed[0].id]);
    const legacy = { ...hookArgs(managed[0]), oldInputs: { providerApiKeyId: keyId, workspaceId: emu.workspaceId } };
    await expect(dependentBeforeDelete(updateLedger(), legacy)).resolves.toBeUndefined();
    await expect(dependentBeforeDelete(updateLedger({ readStack: async () => undefined }), hookArgs(managed[0]))).resolves.toBeUndefined();
  });

  it('a dependent being replaced (its URN still registered) is not a removal: nothing held back, and it never waits for its own registration', async () => {
    const self = { type: 'storage_bucket' as const, urn: managed[0].urn, settled: new Promise<void>(() => undefined) };
    const l = updateLedger({ dependents: [self], dependentUrns: new Set([managed[0].urn]), dependentUrnsSettled: [Promise.resolve()] });
    await expect(dependentBeforeDelete(l, hookArgs(managed[0]))).resolves.toBeUndefined();
  });

  it('a key replaced with deleteBeforeReplace is refused without waiting for its dependents (they wait for the new key)', async () => {
    const never = { type: 'storage_bucket' as const, settled: new Promise<void>(() => undefined) };
    const l = updateLedger({ keyUrns: new Set([KEY_URN]), deleteBeforeReplace: new Set([KEY_URN]), dependents: [never] });
    const refused = keyBeforeDelete(l, { urn: KEY_URN, id: keyId, name: 'shared', type: 't', oldOutputs: { workspaceId: emu.workspaceId } });
    await expect(refused).rejects.toThrow(`Replacing provider API key ${keyId}`);
    await expect(refused).rejects.toThrow('This key has the deleteBeforeReplace option');
  });
});

describe('the hidden key URN input', () => {
  it('passes the check of a bucket (it is no model field), while other unknown names still fail', async () => {
    const news = { workspaceId: 'ws', name: 'logs', bucket: 'b', storageType: 'S3', providerApiKeyId: 'k', [KEY_URN_INPUT]: 'urn:pulumi:dev::p::t::k', color: 'red' };
    const r = await impl.check('StorageBucket', {}, news);
    expect(r.inputs).toMatchObject({ [KEY_URN_INPUT]: 'urn:pulumi:dev::p::t::k' });
    expect((r.failures ?? []).map((f) => f.property)).toEqual(['color']);
  });
});
