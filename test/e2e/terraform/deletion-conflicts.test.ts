/**
 * Deletion conflicts with the real engines (issue #14): Terraform 1.11, 1.15 and OpenTofu drive
 * the provider (the single executable from a filesystem mirror) against one emulator over HTTP.
 * One working directory and one `init` per engine; each shape uses its own resource names.
 *
 * What the provider can know, and so what each shape asserts (the reasons are in
 * src/terraform/resources/provider-api-key.ts):
 * - destroy plans (`plan -destroy`, `destroy`, `-destroy -target`) plan dependents first: exact;
 * - normal plans plan removed resources in no order: outside dependents and not-yet-planned
 *   ones are named in a "may still be in use" warning, and a plan that applies cleanly is never
 *   an error, whatever the order, at the default -parallelism and at -parallelism=2;
 * - re-pointing: Terraform deletes the removed key before updating its dependents unless the key
 *   has create_before_destroy; the plan says so, and the apply does what it said;
 * - with deletion_protection, an apply whose key's deletion will be refused deletes nothing of the
 *   key's, however unsure its plan was (the plan's verdict: test/e2e/terraform/protected-apply.test.ts).
 */
import type { FlashbackClient } from '../../../src/client';
import { CBD, bucket, diagnostics, flat, key, keyDiagnostics, ok, startConflictRig, summaryOf, workdir } from '../../support/conflict-runs';
import { availableTerraformLikes, formatRun, removeDir } from '../../support/engines';

jest.setTimeout(900_000);

const engines = availableTerraformLikes();
const KEYS = 12; // more than the default -parallelism (10)

let rig: Awaited<ReturnType<typeof startConflictRig>>;
let client: FlashbackClient;
let ws: string;

beforeAll(async () => {
  rig = await startConflictRig('fb-conflicts-emu-');
  client = rig.client;
  ws = rig.setup.workspaceId;
});
afterAll(async () => rig?.close());

describe.each(engines)('%s', (engine) => {
  let w: ReturnType<typeof workdir>;
  beforeAll(() => {
    w = workdir(engine, rig.setup);
  });
  afterAll(() => removeDir(w.dir));

  it(`removing ${KEYS} protected keys with their buckets: never an error, at -parallelism=2 and the default; any unsure warning names only the plan's own buckets; the apply is clean`, async () => {
    const names = Array.from({ length: KEYS }, (_, i) => `scale${i}`);
    w.write(names.map((n) => key(n, 'deletion_protection = true') + bucket(`${n}b`, n)).join('\n'));
    ok(await w.tf('apply', '-auto-approve', '-parallelism=4'));
    const bucketIds = new Set(Object.entries(await w.ids()).filter(([a]) => a.startsWith('flashback_storage_bucket.')).map(([, id]) => id));
    expect(bucketIds.size).toBe(KEYS);
    w.write('');
    for (const parallelism of ['-parallelism=2', '-parallelism=10']) {
      const plan = await w.tf('plan', '-json', '-detailed-exitcode', parallelism);
      expect(plan.code === 2 ? 'exit 2' : formatRun(plan)).toBe('exit 2');
      expect(flat(plan)).toMatch(new RegExp(`Plan: 0 to add, 0 to change, ${KEYS * 2} to destroy`));
      for (const d of diagnostics(plan)) {
        // Only the unsure kind, and what it names is this plan's own buckets.
        expect(summaryOf(d)).toBe('Warning: Provider API key may still be in use');
        for (const [, id] of d.matchAll(/\(id ([0-9a-f-]{36}), workspace/g)) expect(bucketIds.has(id)).toBe(true);
      }
    }
    const apply = await w.tf('apply', '-json', '-auto-approve', '-parallelism=2');
    ok(apply);
    expect(flat(apply)).toMatch(new RegExp(`Resources: 0 added, 0 changed, ${KEYS * 2} destroyed`));
  });

  it('dependents inside and outside: a normal plan names the outside ones as unsure (never an error); plan -destroy and -destroy -target are exact; with deletion_protection `destroy` stops at the plan and deletes nothing', async () => {
    // open: its bucket inside and one outside; guard: the same, protected; lone: only an outside bucket.
    w.write([key('open') + bucket('openb', 'open'), key('guard', 'deletion_protection = true') + bucket('guardb', 'guard'), key('lone')].join('\n'));
    ok(await w.tf('apply', '-auto-approve'));
    const id = await w.ids();
    const outside: Record<string, string> = {};
    for (const k of ['open', 'guard', 'lone']) {
      outside[k] = await client.buckets.create({ workspaceId: ws, apiKeyUuid: id[`flashback_provider_api_key.${k}`], name: `outside-${k}-${engine}`, bucket: 'o', storageType: 'S3' });
    }
    const inside = { open: id['flashback_storage_bucket.openb'], guard: id['flashback_storage_bucket.guardb'] };

    // A normal plan removing everything: in no order, so the outside buckets are named, as unsure; no error.
    w.write('');
    const plan = await w.tf('plan', '-json');
    ok(plan);
    const unsure = diagnostics(plan).filter((d) => d.includes('may still be in use'));
    expect(diagnostics(plan).filter((d) => d.startsWith('Error'))).toEqual([]);
    for (const k of ['open', 'guard', 'lone']) {
      const about = unsure.filter((d) => d.includes(`Deleting provider API key ${id[`flashback_provider_api_key.${k}`]} `));
      expect(about).toHaveLength(1);
      expect(about[0]).toContain(`(id ${outside[k]}, workspace`);
    }
    expect(unsure.find((d) => d.includes(id['flashback_provider_api_key.guard']))).toContain('deletion_protection cannot make this an error');

    // -target on a removed key alone: its bucket is left out, so the key is unsure about both.
    const targeted = await w.tf('plan', '-json', '-target=flashback_provider_api_key.open');
    ok(targeted);
    const [one] = keyDiagnostics(targeted).filter((d) => d.startsWith('Warning: Provider API key may still be in use'));
    expect(one).toContain(`(id ${outside.open}, workspace`);
    expect(one).toContain(`(id ${inside.open}, workspace`);
    expect(one).toContain('or left out by -target');

    // A destroy plan. Exact on engines that refresh removed resources before planning them (1.15, OpenTofu): the unprotected
    // keys warn naming only the outside bucket and say what the apply deletes first; the protected one is an error.
    // Terraform 1.11 plans a removed resource before refreshing it, so its destroy plan looks like a normal one: unsure, no error.
    const exactEngine = engine !== 'terraform';
    w.write([key('open') + bucket('openb', 'open'), key('guard', 'deletion_protection = true') + bucket('guardb', 'guard'), key('lone')].join('\n'));
    const destroyPlan = await w.tf('plan', '-json', '-destroy');
    const exact = keyDiagnostics(destroyPlan);
    const about = (k: string) => exact.find((d) => d.includes(`Deleting provider API key ${id[`flashback_provider_api_key.${k}`]} `)) ?? '';
    for (const k of ['open', 'guard', 'lone']) expect(about(k)).toContain(`(id ${outside[k]}, workspace`);
    if (exactEngine) {
      expect(destroyPlan.code).not.toBe(0);
      expect(exact.map(summaryOf).sort()).toEqual(['Error: Provider API key still in use (deletion_protection)', 'Warning: Provider API key still in use', 'Warning: Provider API key still in use']);
      const conflicts = about('open').slice(0, about('open').indexOf('This plan also deletes'));
      expect(conflicts).not.toContain(inside.open);
      expect(about('open').slice(about('open').indexOf('This plan also deletes'))).toContain(`(id ${inside.open}, workspace`);
      expect(about('guard')).toMatch(/^Error: /);
      expect(about('guard')).not.toContain(inside.guard);
    } else {
      ok(destroyPlan);
      expect(exact.map(summaryOf)).toEqual(Array(3).fill('Warning: Provider API key may still be in use'));
      expect(about('open')).toContain(`the apply fails after deleting storage bucket "openb-${engine}" (id ${inside.open}`);
    }

    // -destroy -target: Terraform plans the key's dependents too, first.
    const targetedDestroy = await w.tf('plan', '-json', '-destroy', '-target=flashback_provider_api_key.open');
    ok(targetedDestroy);
    expect(keyDiagnostics(targetedDestroy).map(summaryOf)).toEqual([exactEngine ? 'Warning: Provider API key still in use' : 'Warning: Provider API key may still be in use']);

    // `destroy` of the protected key: never half-done. Exact engines: it stops at its plan. Terraform 1.11: the plan could
    // only warn, and the apply stops at the bucket's delete, before any DELETE, on the plan's verdict (plan-verdicts.ts).
    const refused = await w.tf('destroy', '-json', '-auto-approve', '-target=flashback_provider_api_key.guard');
    expect(refused.code).not.toBe(0);
    expect(flat(refused)).toContain('Error: Provider API key still in use (deletion_protection)');
    if (!exactEngine) {
      expect(flat(refused)).toContain('the apply fails before it deletes any resource of the key (deletion_protection)');
      expect(flat(refused)).toContain(`(id ${outside.guard}, workspace`);
    }
    expect((await client.buckets.get(ws, inside.guard)).apiKeyId).toBe(id['flashback_provider_api_key.guard']);

    // Once the outside buckets are gone, the same removal applies cleanly, protected key included.
    for (const o of Object.values(outside)) await client.buckets.delete(o);
    w.write('');
    const clean = await w.tf('apply', '-json', '-auto-approve');
    ok(clean);
    expect(flat(clean)).toMatch(/Resources: 0 added, 0 changed, 5 destroyed/);
  });

  it('re-pointing to a new key while removing the old: the plan says the old key is deleted first (no error, even protected); without create_before_destroy the apply fails as it said, with it the apply succeeds', async () => {
    w.write(key('old', 'deletion_protection = true') + bucket('movedb', 'old') + key('oldcbd', CBD) + bucket('movedcbdb', 'oldcbd'));
    ok(await w.tf('apply', '-auto-approve'));
    const id = await w.ids();
    w.write(key('new') + bucket('movedb', 'new') + key('newcbd') + bucket('movedcbdb', 'newcbd'));
    const plan = await w.tf('plan', '-json');
    ok(plan);
    for (const [k, b] of [['old', 'movedb'], ['oldcbd', 'movedcbdb']]) {
      // From the key (the bucket was planned first) or from the bucket (planned after the key): the order warning names the bucket.
      const order = diagnostics(plan).filter((d) => d.startsWith('Warning: Provider API key deleted before the resources re-pointed from it') && d.includes(id[`flashback_provider_api_key.${k}`]));
      expect(order).toHaveLength(1);
      expect(order[0]).toContain(`(id ${id[`flashback_storage_bucket.${b}`]}`);
      expect(order[0]).toContain('unless the key has lifecycle { create_before_destroy = true }');
    }
    const apply = await w.tf('apply', '-json', '-auto-approve');
    expect(apply.code).not.toBe(0);
    // Without create_before_destroy: the old key's deletion was refused, and its bucket still uses it.
    expect(flat(apply)).toContain('Error: The provider API key is still in use');
    expect((await client.buckets.get(ws, id['flashback_storage_bucket.movedb'])).apiKeyId).toBe(id['flashback_provider_api_key.old']);
    // With it: the bucket was re-pointed, then its old key deleted.
    const after = await w.ids();
    expect((await client.buckets.get(ws, id['flashback_storage_bucket.movedcbdb'])).apiKeyId).toBe(after['flashback_provider_api_key.newcbd']);
    expect((await client.apiKeys.list({ workspaceId: ws })).map((k) => k.id)).not.toContain(id['flashback_provider_api_key.oldcbd']);

    // The advice works: re-point in one apply, remove the key in the next.
    w.write(key('old', 'deletion_protection = true') + key('new') + bucket('movedb', 'new') + key('newcbd') + bucket('movedcbdb', 'newcbd'));
    ok(await w.tf('apply', '-auto-approve'));
    w.write(key('new') + bucket('movedb', 'new') + key('newcbd') + bucket('movedcbdb', 'newcbd'));
    const second = await w.tf('apply', '-json', '-auto-approve');
    ok(second);
    expect(diagnostics(second)).toEqual([]);
    expect(flat(second)).toMatch(/Resources: 0 added, 0 changed, 1 destroyed/);
    w.write('');
    ok(await w.tf('apply', '-auto-approve'));
  });
});
