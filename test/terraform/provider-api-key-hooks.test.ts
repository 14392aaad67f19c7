/**
 * The key resource's plan, destroy-plan and delete hooks, called in process the way the protocol
 * adapter calls them, against the emulator over real HTTP. The same hooks through the real
 * engines are proven in test/e2e/terraform/provider.test.ts.
 */
import { FlashbackClient } from '../../src/client';
import { PlanChecks } from '../../src/terraform/resources/plan-checks';
import { DependentsLedger, NEW_KEY, PlanVerdicts, type Dependent, storageBucket } from '../../src/core';
import { MemoryVerdictStore } from '../support/memory-verdict-store';
import { Diagnostics, PrivateState, type AnyValue, type TfResource, type BlockSpec } from '../../src/terraform/framework';
import { ProviderApiKeyResource, refreshesRemovedFirst, removalVerdict } from '../../src/terraform/resources/provider-api-key';
import type { FlashbackProviderData } from '../../src/terraform/resources/provider-data';
import { KeyConsumerResource } from '../../src/terraform/resources/key-consumer-resource';
import { refusedAnyway } from '../../src/terraform/resources/family-deletion';
import { type TestEmulator, startTestEmulator } from '../pulumi/support/emulator';

jest.setTimeout(60_000);

let emu: TestEmulator;
const key = new ProviderApiKeyResource();
const bucket = new KeyConsumerResource(storageBucket);

/** A full Terraform object of `resource`: every attribute null but the given ones. */
function objectOf(resource: TfResource<BlockSpec, FlashbackProviderData>, values: Record<string, AnyValue>): Record<string, AnyValue> {
  const out: Record<string, AnyValue> = {};
  for (const name of [...Object.keys(resource.schema.block.attributes), ...Object.keys(resource.schema.block.blocks)]) out[name] = null;
  return { ...out, ...values };
}

function context(ledger = new DependentsLedger(), privateState = new PrivateState(new Uint8Array()), engineVersion = '1.15.0', verdicts = new PlanVerdicts(ledger, new MemoryVerdictStore())) {
  const client = new FlashbackClient({ apiUrl: emu.url, token: emu.token, env: {}, cacheLists: true });
  const provider: FlashbackProviderData = { client, workspaceId: emu.workspaceId, ledger, verdicts, engineVersion, checks: new PlanChecks(client) };
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

type Ctx = ReturnType<typeof context>;
type Arrival = readonly [string, (ctx: Ctx) => Promise<unknown>];
function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}
const summaries = (ctx: Ctx) => ctx.diagnostics.all.map((d) => `${d.severity}: ${d.summary}`);

describe('removalVerdict: every arrival order, destroy plan (ordered) and normal plan (no order)', () => {
  const dependents: Dependent[] = ['deleted', 'kept', 'moved', 'outside'].map((id) => ({ type: 'storage_bucket', id, name: id, workspaceId: 'ws' }));
  const arrivals: [string, (l: DependentsLedger) => void][] = [
    ['deleted', (l) => l.recordDeleting('deleted')],
    ['kept', (l) => l.recordPlanned('kept', 'k1')],
    ['moved', (l) => l.recordPlanned('moved', NEW_KEY)],
  ];
  const ids = (ds: Dependent[]) => ds.map((d) => d.id);
  it.each(permutations([...arrivals, ['KEY', () => undefined] as [string, (l: DependentsLedger) => void]]).map((p) => [p.map(([n]) => n).join(' '), p] as const))('%s', (_name, order) => {
    const l = new DependentsLedger();
    const before = order.slice(0, order.findIndex(([n]) => n === 'KEY'));
    for (const [, apply] of before) apply(l);
    const standing = l.standing({ id: 'k1', workspaceId: 'ws' }, dependents);
    const known = new Set(before.map(([n]) => n));
    // A destroy plan: whatever has not arrived is outside, and blocks for certain.
    const ordered = removalVerdict(standing, true);
    expect(ids(ordered.blocking).sort()).toEqual(ids(dependents).filter((n) => n === 'kept' || n === 'outside' || !known.has(n)).sort());
    expect(ordered.unplanned).toEqual([]);
    // A normal plan: only what arrived counts as certain; the rest is named unsure, never blocking.
    const free = removalVerdict(standing, false);
    expect(ids(free.blocking)).toEqual(known.has('kept') ? ['kept'] : []);
    expect(ids(free.repointed)).toEqual(known.has('moved') ? ['moved'] : []);
    expect(ids(free.deletedFirst)).toEqual(known.has('deleted') ? ['deleted'] : []);
    expect(ids(free.unplanned)).toEqual(ids(dependents).filter((n) => !known.has(n)));
  });
});

describe('destroy plan of a key: in the order Terraform asks', () => {
  // A normal plan refreshes each removed resource just before it plans its deletion; a destroy plan refreshes nothing.
  const keyArrives = (keyState: Record<string, AnyValue>, normal: boolean): Arrival => ['key', async (ctx) => {
    if (normal) await key.read({ state: keyState }, ctx);
    await key.planDestroy({ state: keyState }, ctx);
  }];
  const bucketDeleted = (bucketState: Record<string, AnyValue>): Arrival => ['bucket deleted', (ctx) => bucket.planDestroy({ state: bucketState }, ctx)];

  it('destroy plan (its dependents first): no conflict when the plan deletes the bucket', async () => {
    const { keyState, bucketState } = await keyInUse();
    const ctx = context();
    for (const [, arrive] of [bucketDeleted(bucketState), keyArrives(keyState, false)]) await arrive(ctx);
    expect(ctx.diagnostics.all).toEqual([]);
  });

  it.each([['key first'], ['bucket first']])('normal plan, %s: never an error, even with deletion_protection; the key names the bucket as unsure only when it came first', async (order) => {
    const { keyState, bucketState, bucketId } = await keyInUse();
    const ctx = context();
    const steps = [keyArrives({ ...keyState, deletion_protection: true }, true), bucketDeleted(bucketState)];
    for (const [, arrive] of order === 'key first' ? steps : steps.reverse()) await arrive(ctx);
    if (order === 'key first') {
      expect(summaries(ctx)).toEqual(['warning: Provider API key may still be in use']);
      expect(ctx.diagnostics.all[0].detail).toContain(`(id ${bucketId}, workspace`);
      expect(ctx.diagnostics.all[0].detail).toContain('deletion_protection cannot make this an error');
    } else {
      expect(summaries(ctx)).toEqual([]);
    }
  });

  it('an outside bucket: a destroy plan is exact (a warning saying what the apply deletes first; an error with deletion_protection)', async () => {
    const { keyState, bucketState, bucketId } = await keyInUse();
    const outside = await emu.client.buckets.create({ workspaceId: emu.workspaceId, apiKeyUuid: String(keyState.id), name: `outside-${bucketId.slice(0, 8)}`, bucket: 'o', storageType: 'S3' });
    const ctx = context();
    await bucket.planDestroy({ state: bucketState }, ctx);
    await key.planDestroy({ state: keyState }, ctx);
    expect(summaries(ctx)).toEqual(['warning: Provider API key still in use']);
    const warning = ctx.diagnostics.all[0].detail;
    expect(warning).toContain(`(id ${outside}, workspace`);
    expect(warning.slice(0, warning.indexOf('This plan also deletes'))).not.toContain(bucketId);
    expect(warning).toMatch(new RegExp(`This plan also deletes storage bucket "[^"]+" \\(id ${bucketId}, workspace [^)]+\\); the apply deletes it before it reaches the key`));
    const strict = context();
    await bucket.planDestroy({ state: bucketState }, strict);
    await key.planDestroy({ state: { ...keyState, deletion_protection: true } }, strict);
    expect(strict.diagnostics.all).toEqual([expect.objectContaining({ severity: 'error', summary: 'Provider API key still in use (deletion_protection)', detail: expect.stringContaining(outside) })]);
  });

  it('on an engine that plans removed resources before refreshing them (Terraform 1.11), a destroy plan cannot be told from a normal one: unsure, never an error', async () => {
    const { keyState, bucketState, bucketId } = await keyInUse();
    const outside = await emu.client.buckets.create({ workspaceId: emu.workspaceId, apiKeyUuid: String(keyState.id), name: `outside-${bucketId.slice(0, 8)}`, bucket: 'o', storageType: 'S3' });
    const ctx = context(undefined, undefined, '1.11.4');
    await bucket.planDestroy({ state: bucketState }, ctx);
    await key.planDestroy({ state: { ...keyState, deletion_protection: true } }, ctx);
    expect(summaries(ctx)).toEqual(['warning: Provider API key may still be in use']);
    expect(ctx.diagnostics.all[0].detail).toContain(`(id ${outside}, workspace`);
    // Protected: the apply deletes nothing of the key's when it is refused (the plan's verdict, below).
    expect(ctx.diagnostics.all[0].detail).toContain('the apply fails before it deletes any resource of the key (deletion_protection)');
    expect(ctx.diagnostics.all[0].detail).not.toContain('-destroy -target');
    const open = context(undefined, undefined, '1.11.4');
    await bucket.planDestroy({ state: bucketState }, open);
    await key.planDestroy({ state: keyState }, open);
    expect(open.diagnostics.all[0].detail).toMatch(new RegExp(`the apply fails after deleting storage bucket "[^"]+" \\(id ${bucketId}`));
  });

  it('which engines refresh a removed resource before planning its deletion', () => {
    expect(['1.11.4', '1.12.6', '1.15.0', '2.0.0', ''].map(refreshesRemovedFirst)).toEqual([false, true, true, true, false]);
  });

  it('an outside bucket in a normal plan with the key first: an unsure warning naming both, saying what the apply deletes before it fails', async () => {
    const { keyState, bucketState, bucketId } = await keyInUse();
    const early = await emu.client.buckets.create({ workspaceId: emu.workspaceId, apiKeyUuid: String(keyState.id), name: `early-${bucketId.slice(0, 8)}`, bucket: 'e', storageType: 'S3' });
    const earlyState = { ...bucketState, id: early };
    const outside = await emu.client.buckets.create({ workspaceId: emu.workspaceId, apiKeyUuid: String(keyState.id), name: `outside-${bucketId.slice(0, 8)}`, bucket: 'o', storageType: 'S3' });
    const ctx = context();
    await bucket.planDestroy({ state: earlyState }, ctx);
    await keyArrives(keyState, true)[1](ctx);
    await bucket.planDestroy({ state: bucketState }, ctx);
    expect(summaries(ctx)).toEqual(['warning: Provider API key may still be in use']);
    const detail = ctx.diagnostics.all[0].detail;
    expect(detail).toContain(`(id ${outside}, workspace`);
    expect(detail).toContain(`(id ${bucketId}, workspace`);
    expect(detail).toMatch(new RegExp(`the apply fails after deleting storage bucket "[^"]+" \\(id ${early}`));
  });

  it('a bucket re-pointed by the same normal plan: a warning about the order, from the key or from the bucket, whichever comes last', async () => {
    for (const keyFirst of [false, true]) {
      const { keyState, bucketState, bucketId } = await keyInUse();
      const ctx = context();
      const repoint: Arrival = ['bucket re-pointed', (c) => bucket.plan({ config: bucketState, state: bucketState, plan: { ...bucketState, provider_api_key_id: null } }, c)];
      const steps = keyFirst ? [keyArrives({ ...keyState, deletion_protection: true }, true), repoint] : [repoint, keyArrives({ ...keyState, deletion_protection: true }, true)];
      for (const [, arrive] of steps) await arrive(ctx);
      expect(summaries(ctx)).toEqual(keyFirst ? ['warning: Provider API key may still be in use', 'warning: Provider API key deleted before the resources re-pointed from it'] : ['warning: Provider API key deleted before the resources re-pointed from it']);
      const last = ctx.diagnostics.all[ctx.diagnostics.all.length - 1].detail;
      expect(last).toContain(keyFirst ? `(id ${bucketId})` : `(id ${bucketId}, workspace`);
      expect(last).toContain('unless the key has lifecycle { create_before_destroy = true }');
    }
  });

  it('a bucket kept on a key the plan deletes, planned after the key: the bucket reports it; an error with deletion_protection', async () => {
    const { keyState, bucketState, bucketId } = await keyInUse();
    const ctx = context();
    await keyArrives({ ...keyState, deletion_protection: true }, true)[1](ctx);
    await bucket.plan({ config: bucketState, state: bucketState, plan: bucketState }, ctx);
    expect(summaries(ctx)).toEqual(['warning: Provider API key may still be in use', 'error: Provider API key still in use (deletion_protection)']);
    expect(ctx.diagnostics.all[1].detail).toContain(`(id ${bucketId}, workspace`);
  });

  it('warns naming a bucket the plan keeps on the key, planned before it', async () => {
    const { keyState, bucketState, bucketId } = await keyInUse();
    const ctx = context();
    await bucket.plan({ config: bucketState, state: bucketState, plan: bucketState }, ctx);
    await keyArrives(keyState, true)[1](ctx);
    expect(ctx.diagnostics.all).toEqual([expect.objectContaining({ severity: 'warning', summary: 'Provider API key still in use', detail: expect.stringContaining(`(id ${bucketId}, workspace ${emu.workspaceId})`) })]);
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

  it('with deletion_protection a replacement of a key in use still only warns: with create_before_destroy it may apply cleanly', async () => {
    const { keyState, bucketId } = await keyInUse();
    const ctx = context();
    await key.plan({ config: keyState, state: { ...keyState, deletion_protection: true }, plan: { ...keyState, deletion_protection: true, provider_type: 'GCP' } }, ctx);
    expect(ctx.diagnostics.all).toEqual([expect.objectContaining({ severity: 'warning', summary: 'Replacing a provider API key still in use', detail: expect.stringContaining(bucketId) })]);
    expect(ctx.diagnostics.all[0].detail).toContain('deletion_protection cannot make this an error');
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

describe('the apply of a normal plan that deletes a protected key and its bucket (the plan\'s verdict)', () => {
  /** One plan walk (one ledger and verdict store) and, for each planned deletion, the private data its apply receives. */
  function planWalk(store = new MemoryVerdictStore()) {
    const ledger = new DependentsLedger();
    const verdicts = new PlanVerdicts(ledger, store);
    const planned = new Map<string, Uint8Array>();
    const call = async (name: string, f: (ctx: Ctx) => Promise<unknown>) => {
      const ctx = context(ledger, undefined, '1.15.0', verdicts);
      await f(ctx);
      planned.set(name, ctx.privateState.toBytes());
      return ctx;
    };
    /** The apply: a new process (its own ledger and client), the same machine (the same store). */
    const apply = (name: string) => context(undefined, new PrivateState(planned.get(name) ?? new Uint8Array()), '1.15.0', new PlanVerdicts(new DependentsLedger(), store));
    return { call, apply, store };
  }

  it.each([['key first'], ['bucket first']])('%s, an outside bucket on the key: each delete is refused before any DELETE, naming the outside bucket; nothing is deleted', async (order) => {
    const { keyState, bucketState, bucketId } = await keyInUse();
    const protectedKey = { ...keyState, deletion_protection: true };
    const outside = await emu.client.buckets.create({ workspaceId: emu.workspaceId, apiKeyUuid: String(keyState.id), name: `outside-${bucketId.slice(0, 8)}`, bucket: 'o', storageType: 'S3' });
    const w = planWalk();
    const steps: [string, (ctx: Ctx) => Promise<unknown>][] = [['key', async (ctx) => { await key.read({ state: protectedKey }, ctx); await key.planDestroy({ state: protectedKey }, ctx); }], ['bucket', (ctx) => bucket.planDestroy({ state: bucketState }, ctx)]];
    for (const [name, f] of order === 'key first' ? steps : steps.reverse()) await w.call(name, f);
    const bucketApply = w.apply('bucket');
    await bucket.delete({ state: bucketState }, bucketApply);
    expect(summaries(bucketApply)).toEqual(['error: Provider API key still in use (deletion_protection)']);
    const detail = bucketApply.diagnostics.all[0].detail;
    expect(detail).toContain(`Deleting provider API key ${String(keyState.id)} (workspace ${emu.workspaceId}) would fail`);
    expect(detail).toContain(`(id ${outside}, workspace`);
    expect(detail.slice(0, detail.indexOf('The key has deletion_protection'))).not.toContain(`(id ${bucketId}, workspace`);
    expect((await emu.client.buckets.get(emu.workspaceId, bucketId)).apiKeyId).toBe(keyState.id);
    const keyApply = w.apply('key');
    await key.delete({ state: protectedKey }, keyApply);
    expect(summaries(keyApply)).toEqual(['error: Provider API key still in use (deletion_protection)']);
    await expect(emu.client.apiKeys.get(emu.workspaceId, String(keyState.id))).resolves.toMatchObject({ id: keyState.id });
  });

  it('no outside bucket: the deletes go ahead (no false refusal), in either order', async () => {
    for (const keyFirst of [true, false]) {
      const { keyState, bucketState, bucketId } = await keyInUse();
      const protectedKey = { ...keyState, deletion_protection: true };
      const w = planWalk();
      const steps: [string, (ctx: Ctx) => Promise<unknown>][] = [['key', (ctx) => key.planDestroy({ state: protectedKey }, ctx)], ['bucket', (ctx) => bucket.planDestroy({ state: bucketState }, ctx)]];
      for (const [name, f] of keyFirst ? steps : steps.reverse()) await w.call(name, f);
      const bucketApply = w.apply('bucket');
      await bucket.delete({ state: bucketState }, bucketApply);
      expect(bucketApply.diagnostics.all).toEqual([]);
      await expect(emu.client.buckets.get(emu.workspaceId, bucketId)).rejects.toThrow();
      const keyApply = w.apply('key');
      await key.delete({ state: protectedKey }, keyApply);
      expect(keyApply.diagnostics.all).toEqual([]);
    }
  });

  it('the outside bucket gone between plan and apply: the deletes go ahead', async () => {
    const { keyState, bucketState } = await keyInUse();
    const protectedKey = { ...keyState, deletion_protection: true };
    const outside = await emu.client.buckets.create({ workspaceId: emu.workspaceId, apiKeyUuid: String(keyState.id), name: `gone-${String(keyState.id).slice(0, 8)}`, bucket: 'o', storageType: 'S3' });
    const w = planWalk();
    await w.call('key', (ctx) => key.planDestroy({ state: protectedKey }, ctx));
    await w.call('bucket', (ctx) => bucket.planDestroy({ state: bucketState }, ctx));
    await emu.client.buckets.delete(outside);
    const bucketApply = w.apply('bucket');
    await bucket.delete({ state: bucketState }, bucketApply);
    expect(bucketApply.diagnostics.all).toEqual([]);
  });

  /** The apply of a walk whose verdict lets the bucket go: it is deleted, then the API refuses the key; the key's context. */
  async function bucketGoesAheadKeyRefused(w: ReturnType<typeof planWalk>, bucketState: Record<string, AnyValue>, keyState: Record<string, AnyValue>): Promise<Ctx> {
    const bucketApply = w.apply('bucket');
    await bucket.delete({ state: bucketState }, bucketApply);
    expect(bucketApply.diagnostics.all).toEqual([]);
    const keyApply = w.apply('key');
    await key.delete({ state: keyState }, keyApply);
    expect(summaries(keyApply)).toEqual(['error: The provider API key is still in use']);
    return keyApply;
  }

  it('a bucket attached after the plan: every delete of the family is refused before any DELETE, naming it as using the key since the plan; nothing is deleted', async () => {
    const { keyState, bucketState, bucketId } = await keyInUse();
    const protectedKey = { ...keyState, deletion_protection: true };
    const w = planWalk();
    await w.call('bucket', (ctx) => bucket.planDestroy({ state: bucketState }, ctx));
    await w.call('key', (ctx) => key.planDestroy({ state: protectedKey }, ctx));
    const late = await emu.client.buckets.create({ workspaceId: emu.workspaceId, apiKeyUuid: String(keyState.id), name: `late-${bucketId.slice(0, 8)}`, bucket: 'l', storageType: 'S3' });
    const bucketApply = w.apply('bucket');
    await bucket.delete({ state: bucketState }, bucketApply);
    expect(summaries(bucketApply)).toEqual(['error: Provider API key still in use (deletion_protection)']);
    expect(bucketApply.diagnostics.all[0].detail).toMatch(new RegExp(`Not using the key when the plan was made, and using it now: storage bucket "late-[^"]+" \\(id ${late}`));
    expect((await emu.client.buckets.get(emu.workspaceId, bucketId)).apiKeyId).toBe(keyState.id);
    const keyApply = w.apply('key');
    await key.delete({ state: protectedKey }, keyApply);
    expect(summaries(keyApply)).toEqual(['error: Provider API key still in use (deletion_protection)']);
    await expect(emu.client.apiKeys.get(emu.workspaceId, String(keyState.id))).resolves.toMatchObject({ id: keyState.id });
  });

  it('the API\'s refusal of a key whose family the apply let go names what started using the key after the apply\'s check', () => {
    const verdict = { key: { workspaceId: 'ws', id: 'k' }, strict: true, dependents: [{ type: 'storage_bucket', id: 'planned', name: 'p', workspaceId: 'ws', fate: 'deleted' as const }] };
    const late = { type: 'storage_bucket', id: 'raced', name: 'r', workspaceId: 'ws' };
    expect(refusedAnyway({ kind: 'clear', verdict }, [late])).toBe('Started using the key after this apply had checked what uses it, so the apply went ahead: storage bucket "r" (id raced, workspace ws).');
    expect(refusedAnyway({ kind: 'clear', verdict }, [])).toBeUndefined();
  });

  it('without the verdict (the plan made in another working directory): the bucket is deleted as before, and the key\'s refusal says the guarantee needs one working directory', async () => {
    const { keyState, bucketState, bucketId } = await keyInUse();
    const protectedKey = { ...keyState, deletion_protection: true };
    await emu.client.buckets.create({ workspaceId: emu.workspaceId, apiKeyUuid: String(keyState.id), name: `far-${bucketId.slice(0, 8)}`, bucket: 'o', storageType: 'S3' });
    const w = planWalk();
    await w.call('key', (ctx) => key.planDestroy({ state: protectedKey }, ctx));
    await w.call('bucket', (ctx) => bucket.planDestroy({ state: bucketState }, ctx));
    w.store.saved.clear();
    const keyApply = await bucketGoesAheadKeyRefused(w, bucketState, protectedKey);
    expect(keyApply.diagnostics.all[0].detail).toContain('only when the plan was made in this working directory');
  });

  it('an unprotected key writes no verdict: its apply does what the plan\'s warning said', async () => {
    const { keyState, bucketState, bucketId } = await keyInUse();
    await emu.client.buckets.create({ workspaceId: emu.workspaceId, apiKeyUuid: String(keyState.id), name: `open-${bucketId.slice(0, 8)}`, bucket: 'o', storageType: 'S3' });
    const w = planWalk();
    await w.call('key', (ctx) => key.planDestroy({ state: keyState }, ctx));
    await w.call('bucket', (ctx) => bucket.planDestroy({ state: bucketState }, ctx));
    expect(w.store.saved.size).toBe(0);
    const bucketApply = w.apply('bucket');
    await bucket.delete({ state: bucketState }, bucketApply);
    expect(bucketApply.diagnostics.all).toEqual([]);
  });
});

describe('a protected key\'s deletion that the plan cannot back with a verdict fails the plan (protection is not given up on a guess)', () => {
  it('its buckets and AI models cannot be listed: an error, where an unprotected key only warns', async () => {
    const { keyState } = await keyInUse();
    for (const strict of [true, false]) {
      const base = context();
      // A token the API refuses: the listing fails, the key is still judged.
      const ctx = { ...base, provider: { ...base.provider, client: new FlashbackClient({ apiUrl: emu.url, token: 'not-a-token', env: {}, cacheLists: true }) } };
      await key.planDestroy({ state: { ...keyState, deletion_protection: strict } }, ctx);
      expect(summaries(ctx)).toEqual([strict ? 'error: Could not check what uses the provider API key' : 'warning: Could not check what uses the provider API keys']);
      if (strict) expect(ctx.diagnostics.all[0].detail).toContain('Plan again when the API answers');
      expect(JSON.stringify(ctx.diagnostics.all)).not.toContain('not-a-token');
    }
  });

  it('its verdict cannot be written: an error naming why, and nothing else is said', async () => {
    const { keyState } = await keyInUse();
    const store = new MemoryVerdictStore();
    store.failing = '/x/flashback-plan-verdicts is not a directory of this user\'s only (a symlink, or owned by another user)';
    const ledger = new DependentsLedger();
    const ctx = context(ledger, undefined, '1.15.0', new PlanVerdicts(ledger, store));
    await key.planDestroy({ state: { ...keyState, deletion_protection: true } }, ctx);
    expect(summaries(ctx)).toEqual(['error: Could not keep the plan\'s verdict for deletion_protection']);
    expect(ctx.diagnostics.all[0].detail).toContain(store.failing);
    // Unprotected, nothing is written and nothing is refused: the usual warning (a destroy plan on 1.15: exact).
    const open = context(new DependentsLedger(), undefined, '1.15.0');
    await key.planDestroy({ state: keyState }, open);
    expect(summaries(open)).toEqual(['warning: Provider API key still in use']);
  });
});
