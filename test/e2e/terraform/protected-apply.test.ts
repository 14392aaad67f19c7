/**
 * deletion_protection at apply (issue #14, "never half-done"): a normal plan that removes a key
 * can only be unsure about it (src/terraform/resources/provider-api-key.ts), but by its end the
 * provider knows which of the key's dependents it deletes: that verdict, kept for the apply
 * (src/core/plan-verdicts.ts), stops every delete of a protected key's family when a resource the
 * plan leaves on the key still uses it. Terraform 1.11, 1.15 and OpenTofu, with `apply`, with a
 * saved plan file, and with `destroy`; a resource attached to the key after the plan stops it too;
 * no false refusal when nothing outside uses the key; and,
 * without the verdict (a plan made elsewhere), the apply of before, saying why.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FlashbackClient } from '../../../src/client';
import { bucket, diagnostics, flat, key, ok, secretOf, startConflictRig, summaryOf, workdir } from '../../support/conflict-runs';
import { availableTerraformLikes, removeDir, type RunResult } from '../../support/engines';

jest.setTimeout(900_000);

const engines = availableTerraformLikes();

let rig: Awaited<ReturnType<typeof startConflictRig>>;
let client: FlashbackClient;
let ws: string;
let token: string;

beforeAll(async () => {
  rig = await startConflictRig('fb-protected-emu-');
  client = rig.client;
  ws = rig.setup.workspaceId;
  token = rig.setup.token;
});
afterAll(async () => rig?.close());

describe.each(engines)('%s', (engine) => {
  let w: ReturnType<typeof workdir>;
  const runs: RunResult[] = [];
  const tf = async (...args: string[]) => {
    const r = await w.tf(...args);
    runs.push(r);
    return r;
  };
  beforeAll(() => {
    w = workdir(engine, rig.setup);
  });
  afterAll(() => removeDir(w.dir));

  /** A protected key and its buckets, applied, and a bucket outside the configuration on the key. */
  async function protectedFamily(keyName: string, buckets: readonly string[]): Promise<{ ids: Record<string, string>; keyId: string; outside: string }> {
    w.write(key(keyName, 'deletion_protection = true') + buckets.map((b) => bucket(b, keyName)).join(''));
    ok(await tf('apply', '-auto-approve'));
    const ids = await w.ids();
    const keyId = ids[`flashback_provider_api_key.${keyName}`];
    const outside = await client.buckets.create({ workspaceId: ws, apiKeyUuid: keyId, name: `outside-${keyName}-${engine}`, bucket: 'o', storageType: 'S3' });
    return { ids, keyId, outside };
  }

  /** The key and its buckets, in the API and in state, as they were created. */
  async function expectFamilyKept(ids: Record<string, string>, keyName: string, buckets: readonly string[]): Promise<void> {
    const keyId = ids[`flashback_provider_api_key.${keyName}`];
    expect((await client.apiKeys.list({ workspaceId: ws })).map((k) => k.id)).toContain(keyId);
    for (const b of buckets) expect((await client.buckets.get(ws, ids[`flashback_storage_bucket.${b}`])).apiKeyId).toBe(keyId);
    const held = await w.ids();
    for (const address of [`flashback_provider_api_key.${keyName}`, ...buckets.map((b) => `flashback_storage_bucket.${b}`)]) expect(held[address]).toBe(ids[address]);
  }

  /** An apply refused on the plan's verdict: the deletion_protection error, naming the outside bucket. */
  function expectRefused(apply: RunResult, keyId: string, outside: string): void {
    expect(apply.code).not.toBe(0);
    const refusals = diagnostics(apply).filter((d) => summaryOf(d) === 'Error: Provider API key still in use (deletion_protection)');
    expect(refusals.length).toBeGreaterThan(0);
    for (const r of refusals) {
      expect(r).toContain(`Deleting provider API key ${keyId} (workspace ${ws}) would fail`);
      expect(r).toContain(`(id ${outside}, workspace`);
      expect(r).toContain('Nothing of the key\'s is deleted');
    }
    expect(flat(apply)).not.toMatch(/Destruction complete/);
  }

  it('a normal plan removing a protected key and its two buckets while an outside bucket uses the key: the plan warns, `apply` and `apply saved-plan` delete nothing and name the outside bucket; without it the same removal applies', async () => {
    const { ids, keyId, outside } = await protectedFamily('guarded', ['g1', 'g2']);
    w.write('');

    // The plan is unsure (no order), so it warns and says what deletion_protection does at apply; never an error.
    const plan = await tf('plan', '-json');
    ok(plan);
    expect(diagnostics(plan).filter((d) => d.startsWith('Error'))).toEqual([]);
    const unsure = diagnostics(plan).find((d) => summaryOf(d) === 'Warning: Provider API key may still be in use' && d.includes(keyId));
    expect(unsure).toContain(`(id ${outside}, workspace`);
    expect(unsure).toContain('the apply deletes nothing of the key\'s');

    const apply = await tf('apply', '-json', '-auto-approve');
    expectRefused(apply, keyId, outside);
    await expectFamilyKept(ids, 'guarded', ['g1', 'g2']);

    // A saved plan: its planned deletions carry the walk id through the plan file.
    ok(await tf('plan', '-out=removal.tfplan'));
    const saved = await tf('apply', '-json', 'removal.tfplan');
    expectRefused(saved, keyId, outside);
    await expectFamilyKept(ids, 'guarded', ['g1', 'g2']);

    // The verdicts the plans left: this user's only, ids and fates, no secret.
    const verdictDir = join(w.dir, '.terraform', 'flashback-plan-verdicts');
    expect(statSync(verdictDir).mode & 0o777).toBe(0o700);
    const files = readdirSync(verdictDir);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      expect(statSync(join(verdictDir, f)).mode & 0o777).toBe(0o600);
      const text = readFileSync(join(verdictDir, f), 'utf8');
      expect(text).toContain(keyId);
      expect(text).not.toContain(secretOf('guarded'));
      expect(text).not.toContain(token);
    }

    // Once the outside bucket is gone, the same protected removal applies: no false refusal.
    await client.buckets.delete(outside);
    const clean = await tf('apply', '-json', '-auto-approve');
    ok(clean);
    expect(flat(clean)).toMatch(/Resources: 0 added, 0 changed, 3 destroyed/);
    expect((await client.apiKeys.list({ workspaceId: ws })).map((k) => k.id)).not.toContain(keyId);
  });

  it('`destroy` of a protected key with an outside bucket deletes nothing (an error at plan where the plan is exact, at apply on Terraform 1.11)', async () => {
    const { ids, keyId, outside } = await protectedFamily('kept', ['k1', 'k2']);
    const refused = await tf('destroy', '-json', '-auto-approve');
    expect(refused.code).not.toBe(0);
    expect(flat(refused)).toContain('Error: Provider API key still in use (deletion_protection)');
    expect(flat(refused)).toContain(`Deleting provider API key ${keyId} (workspace ${ws}) would fail`);
    expect(flat(refused)).toContain(`(id ${outside}, workspace`);
    await expectFamilyKept(ids, 'kept', ['k1', 'k2']);
    await client.buckets.delete(outside);
    ok(await tf('destroy', '-auto-approve'));
  });

  it('a bucket that starts using a protected key after a clean removal was planned: the saved plan\'s apply deletes nothing and names it as attached since the plan', async () => {
    w.write(key('late', 'deletion_protection = true') + bucket('l1', 'late'));
    ok(await tf('apply', '-auto-approve'));
    const ids = await w.ids();
    const keyId = ids['flashback_provider_api_key.late'];
    w.write('');
    // Nothing outside uses the key yet: the removal would apply cleanly.
    ok(await tf('plan', '-out=late.tfplan'));
    const attached = await client.buckets.create({ workspaceId: ws, apiKeyUuid: keyId, name: `attached-late-${engine}`, bucket: 'a', storageType: 'S3' });
    const apply = await tf('apply', '-json', 'late.tfplan');
    expectRefused(apply, keyId, attached);
    expect(flat(apply)).toContain(`Not using the key when the plan was made, and using it now: storage bucket "attached-late-${engine}" (id ${attached}`);
    await expectFamilyKept(ids, 'late', ['l1']);
    await client.buckets.delete(attached);
    const clean = await tf('apply', '-json', '-auto-approve');
    ok(clean);
    expect(flat(clean)).toMatch(/Resources: 0 added, 0 changed, 2 destroyed/);
  });

  it('a saved plan applied without its verdict (as from another working directory): the apply deletes as the plan warned, and the key\'s refusal says the guarantee needs one working directory', async () => {
    const { ids, outside } = await protectedFamily('far', ['f1']);
    w.write('');
    ok(await tf('plan', '-out=far.tfplan'));
    rmSync(join(w.dir, '.terraform', 'flashback-plan-verdicts'), { recursive: true, force: true });
    const apply = await tf('apply', '-json', 'far.tfplan');
    expect(apply.code).not.toBe(0);
    expect(flat(apply)).toContain('Error: The provider API key is still in use');
    expect(flat(apply)).toContain(`(id ${outside}, workspace`);
    expect(flat(apply)).toContain('only when the plan was made in this working directory');
    await expect(client.buckets.get(ws, ids['flashback_storage_bucket.f1'])).rejects.toThrow();
    await client.buckets.delete(outside);
    ok(await tf('apply', '-auto-approve'));
  });

  it('no run printed a secret', () => {
    expect(runs.length).toBeGreaterThan(0);
    for (const r of runs) {
      for (const secret of [secretOf('guarded'), secretOf('kept'), secretOf('far'), token]) {
        expect(r.stdout).not.toContain(secret);
        expect(r.stderr).not.toContain(secret);
      }
    }
  });
});
