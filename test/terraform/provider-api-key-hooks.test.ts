/**
 * The key resource's plan, destroy-plan and delete hooks, called in process the way the protocol
 * adapter calls them, against the emulator over real HTTP. The same hooks through the real
 * engines are proven in test/e2e/terraform/provider.test.ts.
 */
import { FlashbackClient } from '../../src/client';
import { PlanChecks } from '../../src/terraform/resources/plan-checks';
import { DependentsLedger, type LedgerClock, storageBucket } from '../../src/core';
import { Diagnostics, PrivateState, type AnyValue, type TfResource, type BlockSpec } from '../../src/terraform/framework';
import { ProviderApiKeyResource } from '../../src/terraform/resources/provider-api-key';
import type { FlashbackProviderData } from '../../src/terraform/resources/provider-data';
import { KeyConsumerResource } from '../../src/terraform/resources/key-consumer-resource';
import { type TestEmulator, startTestEmulator } from '../pulumi/support/emulator';

jest.setTimeout(60_000);

/** A clock whose waits end only when the test expires them (or the ledger has what it waits for). */
function manualClock(): LedgerClock & { expire(): void; readonly sleeping: number } {
  const pending = new Set<() => void>();
  return {
    get sleeping() {
      return pending.size;
    },
    sleep: (_ms, signal) =>
      new Promise<void>((resolve) => {
        const done = () => {
          pending.delete(done);
          resolve();
        };
        if (signal?.aborted) return resolve();
        pending.add(done);
        signal?.addEventListener('abort', done, { once: true });
      }),
    expire: () => [...pending].forEach((f) => f()),
  };
}

let emu: TestEmulator;
const key = new ProviderApiKeyResource();
const bucket = new KeyConsumerResource(storageBucket);

/** A full Terraform object of `resource`: every attribute null but the given ones. */
function objectOf(resource: TfResource<BlockSpec, FlashbackProviderData>, values: Record<string, AnyValue>): Record<string, AnyValue> {
  const out: Record<string, AnyValue> = {};
  for (const name of [...Object.keys(resource.schema.block.attributes), ...Object.keys(resource.schema.block.blocks)]) out[name] = null;
  return { ...out, ...values };
}

function context(ledger = new DependentsLedger(manualClock()), privateState = new PrivateState(new Uint8Array())) {
  const client = new FlashbackClient({ apiUrl: emu.url, token: emu.token, env: {}, cacheLists: true });
  const provider: FlashbackProviderData = { client, workspaceId: emu.workspaceId, ledger, checks: new PlanChecks(client) };
  return { diagnostics: new Diagnostics(), signal: new AbortController().signal, provider, privateState };
}

async function keyInUse(): Promise<{ keyState: Record<string, AnyValue>; bucketState: Record<string, AnyValue>; bucketId: string }> {
  const keyId = await emu.client.apiKeys.create({ workspaceId: emu.workspaceId, provider: 'AWS', key: 'AKIA', secret: 's' });
  const bucketId = await emu.client.buckets.create({ workspaceId: emu.workspaceId, apiKeyUuid: keyId, name: `b-${keyId.slice(0, 8)}`, bucket: 'b', storageType: 'S3' });
  const keyState = objectOf(key, { id: keyId, workspace_id: emu.workspaceId, provider_type: 'AWS', key: 'AKIA', secret: 's' });
  const bucketState = objectOf(bucket, { id: bucketId, workspace_id: emu.workspaceId, provider_api_key_id: keyId, name: 'b', bucket: 'b', storage_type: 'S3' });
  return { keyState, bucketState, bucketId };
}

beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => emu?.close());

describe('destroy plan of a key', () => {
  it('no conflict when the same plan deletes its bucket first', async () => {
    const { keyState, bucketState } = await keyInUse();
    const ctx = context();
    await bucket.planDestroy({ state: bucketState }, ctx);
    await key.planDestroy({ state: keyState }, ctx);
    expect(ctx.diagnostics.all).toEqual([]);
  });

  it('no conflict, and no wait left, when the bucket\'s destroy plan arrives while the key waits', async () => {
    const { keyState, bucketState } = await keyInUse();
    const clock = manualClock();
    const ctx = context(new DependentsLedger(clock));
    const planned = key.planDestroy({ state: keyState }, ctx);
    while (clock.sleeping === 0) await new Promise((r) => setImmediate(r));
    await bucket.planDestroy({ state: bucketState }, ctx);
    await planned;
    expect(ctx.diagnostics.all).toEqual([]);
    expect(clock.sleeping).toBe(0);
  });

  it('no conflict when the same plan re-points the bucket at another key', async () => {
    const { keyState, bucketState } = await keyInUse();
    const ctx = context();
    await bucket.plan({ config: bucketState, state: bucketState, plan: { ...bucketState, provider_api_key_id: 'another-key' } }, ctx);
    await key.planDestroy({ state: keyState }, ctx);
    expect(ctx.diagnostics.all).toEqual([]);
  });

  it('warns naming a bucket the plan keeps on the key', async () => {
    const { keyState, bucketState, bucketId } = await keyInUse();
    const ctx = context();
    await bucket.plan({ config: bucketState, state: bucketState, plan: bucketState }, ctx);
    await key.planDestroy({ state: keyState }, ctx);
    expect(ctx.diagnostics.all).toEqual([expect.objectContaining({ severity: 'warning', summary: 'Provider API key still in use', detail: expect.stringContaining(`(id ${bucketId}, workspace ${emu.workspaceId})`) })]);
  });

  it('a warning for an outside bucket says which managed dependents the apply would delete before it fails', async () => {
    const { keyState, bucketState, bucketId } = await keyInUse();
    const outside = await emu.client.buckets.create({ workspaceId: emu.workspaceId, apiKeyUuid: String(keyState.id), name: `outside-${bucketId.slice(0, 8)}`, bucket: 'o', storageType: 'S3' });
    const clock = manualClock();
    const ctx = context(new DependentsLedger(clock));
    await bucket.planDestroy({ state: bucketState }, ctx);
    const planned = key.planDestroy({ state: keyState }, ctx);
    while (clock.sleeping === 0) await new Promise((r) => setImmediate(r));
    clock.expire();
    await planned;
    const [warning] = ctx.diagnostics.all;
    expect(ctx.diagnostics.all).toHaveLength(1);
    expect(warning.detail).toContain(`(id ${outside}, workspace`);
    expect(warning.detail).toMatch(new RegExp(`This plan also deletes storage bucket "[^"]+" \\(id ${bucketId}, workspace [^)]+\\); the apply deletes it before it reaches the key`));
  });

  it('with deletion_protection, an outside bucket is an error once the wait runs out', async () => {
    const { keyState, bucketId } = await keyInUse();
    const clock = manualClock();
    const ctx = context(new DependentsLedger(clock));
    const planned = key.planDestroy({ state: { ...keyState, deletion_protection: true } }, ctx);
    while (clock.sleeping === 0) await new Promise((r) => setImmediate(r));
    clock.expire();
    await planned;
    expect(ctx.diagnostics.all).toEqual([expect.objectContaining({ severity: 'error', summary: 'Provider API key still in use (deletion_protection)', detail: expect.stringContaining(bucketId) })]);
  });
});

describe('update plan of a key', () => {
  it('a provider_type change that replaces a key in use warns, names the bucket and marks the replacement in private state', async () => {
    const { keyState, bucketId } = await keyInUse();
    const ctx = context();
    await key.plan({ config: keyState, state: keyState, plan: { ...keyState, provider_type: 'GCP' } }, ctx);
    expect(ctx.diagnostics.all).toEqual([expect.objectContaining({ severity: 'warning', summary: 'Replacing a provider API key still in use', detail: expect.stringContaining(bucketId) })]);
    expect(ctx.privateState.get('replacing')).toEqual(['provider_type']);
  });

  it('an in-place change reports nothing and clears the replacement mark', async () => {
    const { keyState } = await keyInUse();
    const ctx = context();
    await key.plan({ config: keyState, state: keyState, plan: { ...keyState, description: 'new' } }, ctx);
    expect(ctx.diagnostics.all).toEqual([]);
    expect(ctx.privateState.get('replacing')).toBeNull();
  });
});

describe('delete of a key', () => {
  it('a key in use fails naming its dependents', async () => {
    const { keyState, bucketId } = await keyInUse();
    const ctx = context();
    await key.delete({ state: keyState }, ctx);
    expect(ctx.diagnostics.all).toEqual([expect.objectContaining({ severity: 'error', summary: 'The provider API key is still in use', detail: expect.stringContaining(bucketId) })]);
  });

  it('the destroy half of a destroy-first replacement says to add create_before_destroy', async () => {
    const { keyState } = await keyInUse();
    const planCtx = context();
    await key.plan({ config: keyState, state: keyState, plan: { ...keyState, provider_type: 'GCP' } }, planCtx);
    const ctx = context(undefined, new PrivateState(planCtx.privateState.toBytes()));
    await key.delete({ state: keyState }, ctx);
    expect(ctx.diagnostics.all).toEqual([expect.objectContaining({ severity: 'error', detail: expect.stringMatching(/Changing provider_type replaces the key\.[\s\S]*create_before_destroy = true/) })]);
  });

  it('a key no one uses is deleted', async () => {
    const keyId = await emu.client.apiKeys.create({ workspaceId: emu.workspaceId, provider: 'AWS', key: 'AKIA', secret: 's' });
    const ctx = context();
    await key.delete({ state: objectOf(key, { id: keyId, workspace_id: emu.workspaceId }) }, ctx);
    expect(ctx.diagnostics.all).toEqual([]);
    await expect(emu.client.apiKeys.get(emu.workspaceId, keyId)).rejects.toThrow(/no provider API key/);
  });
});
