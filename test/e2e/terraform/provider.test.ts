/**
 * The real Terraform and OpenTofu binaries drive our provider (the single executable, installed by
 * `terraform init` from a filesystem mirror; the real handshake and AutoMTLS) against the emulator
 * over HTTP. One emulator for the file (faults enabled, used by the timeout test only), one
 * Flashback workspace for every test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlashbackClient } from '../../../src/client';
import { type RunningEmulator, startEmulator } from '../../../src/emulator';
import { availableTerraformLikes, engineEnv, formatRun, makeTempDir, removeDir, requireEngine, run, type RunResult } from '../../support/engines';
import { secretConfigHeader } from '../../support/terraform-header';
import { providerMirror } from '../../support/installed-provider';
import { emulatorCall } from '../../support/emulator-call';

jest.setTimeout(600_000);

const SECRET_1 = 'wo-secret-first-5d1c';
const SECRET_2 = 'wo-secret-rotated-9e4b';

const engines = availableTerraformLikes();

let emu: RunningEmulator;
let dataDir: string;
/** The provider as `provider install --mirror` installs it: the single executable, for `terraform init`. */
let mirror: string;
let token: string;
let ws: string;

beforeAll(async () => {
  for (const e of ['terraform', 'terraform-latest', 'tofu']) requireEngine(e);
  dataDir = makeTempDir('fb-tf-emu-');
  mirror = await providerMirror(dataDir);
  emu = await startEmulator({ port: 0, dataDir, enableFaults: true });
  token = emu.seeded.users[0].token;
  ws = emu.seeded.workspaces[0].id;
});
afterAll(async () => {
  await emu?.close();
  removeDir(dataDir);
});

const keyBlock = (extra = '') => `
resource "flashback_provider_api_key" "k" {
  provider_type     = "AWS"
  key               = "AKIAE2E"
  secret_wo         = var.secret
  secret_wo_version = var.secret_version
  region            = "eu-west-1"
  ${extra}
}`;
const consumers = (suffix: string) => `
resource "flashback_storage_bucket" "logs" {
  provider_api_key_id = flashback_provider_api_key.k.id
  name                = "logs-${suffix}"
  bucket              = "acme-logs"
  storage_type        = "S3"
}
resource "flashback_storage_bucket" "media" {
  provider_api_key_id = flashback_provider_api_key.k.id
  name                = "media-${suffix}"
  bucket              = "acme-media"
  storage_type        = "S3"
}
resource "flashback_ai_llm" "assistant" {
  provider_api_key_id = flashback_provider_api_key.k.id
  name                = "assistant-${suffix}"
  ai_type             = "AWS"
}`;
const header = secretConfigHeader;

function workspace(engine: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const dir = makeTempDir(`fb-tf-${engine}-`);
  const env = engineEnv({
    tmpDir: join(dir, '.engine'),
    filesystemMirror: mirror,
    env: { FLASHBACK_API_URL: emu.url, FLASHBACK_API_TOKEN: token, FLASHBACK_WORKSPACE_ID: ws, TF_VAR_secret: SECRET_1, ...extraEnv },
  });
  let initialized = false;
  /** The first command of a workspace is preceded by `init`, which installs the provider from the mirror. */
  const tf = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> => {
    if (!initialized && args[0] !== 'init') {
      const init = await run(engine, ['init', '-no-color'], { cwd: dir, env });
      if (init.code !== 0) throw new Error(formatRun(init));
      initialized = true;
    }
    return run(engine, [...args, '-no-color'], { cwd: dir, env: { ...env, ...extraEnv } });
  };
  const write = (hcl: string, head = header) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'main.tf'), head + hcl);
  };
  return { dir, env, tf, write };
}

const out = (r: RunResult) => r.stdout + r.stderr;
/** Output as one line: Terraform wraps diagnostic text at 80 columns. */
const flat = (r: RunResult) => out(r).replace(/\s+/g, ' ');

const emulator = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => emulatorCall(emu, method, path, body);
const requestCounts = async () => ((await emulator('GET', '/__emulator/stats')) as { requests: Record<string, number> }).requests;

type StateResource = { address: string; values: Record<string, unknown> };
async function stateResources(w: ReturnType<typeof workspace>): Promise<StateResource[]> {
  const state = JSON.parse((await w.tf(['show', '-json'])).stdout) as { values?: { root_module: { resources?: StateResource[] } } };
  return state.values?.root_module.resources ?? [];
}

async function stateId(w: ReturnType<typeof workspace>, address: string): Promise<string> {
  const id = (await stateResources(w)).find((r) => r.address === address)?.values.id;
  expect(typeof id).toBe('string');
  return id as string;
}

describe.each(engines)('%s', (engine) => {
  it('creates a shared key, plans nothing more, rotates in place, keeps secrets out of plan and state, and reports conflicts before apply', async () => {
    const w = workspace(engine);
    const client = new FlashbackClient({ apiUrl: emu.url, token, env: {} });
    w.write(keyBlock() + consumers(engine));

    const apply = await w.tf(['apply', '-auto-approve']);
    expect(out(apply)).toMatch(/Apply complete! Resources: 4 added, 0 changed, 0 destroyed/);

    const again = await w.tf(['plan', '-detailed-exitcode']);
    expect({ code: again.code, out: out(again) }).toMatchObject({ code: 0 });
    expect(out(again)).toMatch(/No changes/);

    const keyId = await stateId(w, 'flashback_provider_api_key.k');
    expect(typeof keyId).toBe('string');

    // Rotation: bump the version with a new secret → one in-place update of the key only.
    const rotateEnv = { TF_VAR_secret: SECRET_2, TF_VAR_secret_version: '2' };
    const plan = await w.tf(['plan', '-out=rotate.plan'], rotateEnv);
    expect(out(plan)).toMatch(/flashback_provider_api_key\.k will be updated in-place/);
    expect(out(plan)).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);
    const planJson = await w.tf(['show', '-json', 'rotate.plan'], rotateEnv);
    expect(planJson.code).toBe(0);
    const rotated = await w.tf(['apply', '-auto-approve', 'rotate.plan'], rotateEnv);
    expect(out(rotated)).toMatch(/Resources: 0 added, 1 changed, 0 destroyed/);
    const stateAfter = await w.tf(['show', '-json'], rotateEnv);
    expect(stateAfter.stdout).toContain(String(keyId));
    for (const text of [planJson.stdout, stateAfter.stdout, out(plan), out(rotated)]) {
      expect(text).not.toContain(SECRET_1);
      expect(text).not.toContain(SECRET_2);
    }

    // A bucket this configuration does not manage uses the key. Removing the key with its own consumers: a normal plan plans
    // removed resources in no order, so the key names the outsider as unsure (issue #14; every order: deletion-conflicts.test.ts).
    const outsider = await client.buckets.create({ workspaceId: ws, apiKeyUuid: String(keyId), name: `outsider-${engine}`, bucket: 'outsider', storageType: 'S3' });
    w.write('');
    const removal = await w.tf(['plan'], rotateEnv);
    expect(out(removal)).toMatch(/Plan: 0 to add, 0 to change, 4 to destroy/);
    expect(out(removal)).toMatch(/Provider API key may still be in use/);
    expect(out(removal)).toContain(`storage bucket "outsider-${engine}" (id ${outsider}`);

    // With deletion_protection a destroy plan, which plans the consumers first, is an error naming only the outsider where the
    // engine lets the provider tell it from a normal plan (not Terraform 1.11: there it stays a warning).
    w.write(keyBlock('deletion_protection = true') + consumers(engine));
    expect((await w.tf(['apply', '-auto-approve'], rotateEnv)).code).toBe(0);
    const protectedPlan = await w.tf(['plan', '-destroy'], rotateEnv);
    if (engine === 'terraform') {
      expect(protectedPlan.code).toBe(0);
      expect(flat(protectedPlan)).toContain('deletion_protection cannot make this an error');
    } else {
      expect(protectedPlan.code).not.toBe(0);
      expect(out(protectedPlan)).toMatch(/Provider API key still in use \(deletion_protection\)/);
      const error = flat(protectedPlan).slice(flat(protectedPlan).indexOf('Provider API key still in use (deletion_protection)'));
      expect(error).toMatch(/1 resource still uses it/);
      expect(error).toContain(`"outsider-${engine}"`);
      expect(error).not.toContain(`"logs-${engine}"`);
    }
    w.write('');

    // Once the outsider is gone, removing everything applies cleanly.
    await client.buckets.delete(outsider);
    const destroy = await w.tf(['apply', '-auto-approve'], rotateEnv);
    expect(out(destroy)).toMatch(/Resources: 0 added, 0 changed, 4 destroyed/);
    expect((await client.apiKeys.list({ workspaceId: ws })).map((k) => k.id)).not.toContain(keyId);
    removeDir(w.dir);
  });

  it('re-creates what was deleted outside Terraform and imports an existing key both ways', async () => {
    const w = workspace(engine);
    const client = new FlashbackClient({ apiUrl: emu.url, token, env: {} });
    w.write(keyBlock());
    expect((await w.tf(['apply', '-auto-approve'])).code).toBe(0);
    await client.apiKeys.delete(String(await stateId(w, 'flashback_provider_api_key.k')));
    const drift = await w.tf(['plan']);
    expect(out(drift)).toMatch(/flashback_provider_api_key\.k will be created/);

    // import {} of a key made elsewhere: only the write-only secret's version is left to set.
    const existing = await client.apiKeys.create({ workspaceId: ws, provider: 'AWS', key: 'AKIAE2E', secret: 'elsewhere', region: 'eu-west-1' });
    const w2 = workspace(engine);
    w2.write(keyBlock() + `\nimport {\n  to = flashback_provider_api_key.k\n  id = "${ws}/${existing}"\n}\n`);
    const importPlan = await w2.tf(['plan']);
    expect(out(importPlan)).toMatch(/imported from/);
    expect(out(importPlan)).toMatch(/1 to import, 0 to add, 1 to change, 0 to destroy/);
    expect(out(importPlan)).toMatch(/\+ secret_wo_version = 1/);
    expect((await w2.tf(['apply', '-auto-approve'])).code).toBe(0);
    expect((await w2.tf(['plan', '-detailed-exitcode'])).code).toBe(0);
    // A bucket has no write-only part: importing it leaves nothing to change.
    const bucket = await client.buckets.create({ workspaceId: ws, apiKeyUuid: existing, name: `imported-${engine}`, bucket: 'imported', storageType: 'S3' });
    w2.write(
      keyBlock() +
        `\nresource "flashback_storage_bucket" "imported" {\n  provider_api_key_id = flashback_provider_api_key.k.id\n  name                = "imported-${engine}"\n  bucket              = "imported"\n  storage_type        = "S3"\n}\n` +
        `import {\n  to = flashback_storage_bucket.imported\n  id = "${ws}/${bucket}"\n}\n`,
    );
    expect(out(await w2.tf(['plan']))).toMatch(/Plan: 1 to import, 0 to add, 0 to change, 0 to destroy/);

    // `terraform import` by command, into a configuration that declares the key.
    const other = await client.apiKeys.create({ workspaceId: ws, provider: 'AWS', key: 'AKIAE2E', secret: 'elsewhere-too', region: 'eu-west-1' });
    const w3 = workspace(engine);
    w3.write(keyBlock());
    const badId = await w3.tf(['import', 'flashback_provider_api_key.k', other]);
    expect(badId.code).not.toBe(0);
    expect(flat(badId)).toContain('Invalid import id');
    expect(flat(badId)).toContain(`The import id "${other}" is not of the form <workspace_id>/<id>`);
    const missing = await w3.tf(['import', 'flashback_provider_api_key.k', `${ws}/00000000-0000-4000-8000-000000000000`]);
    expect(missing.code).not.toBe(0);
    expect(flat(missing)).toMatch(/non-existent remote object/i);
    const imported = await w3.tf(['import', 'flashback_provider_api_key.k', `${ws}/${other}`]);
    expect({ code: imported.code, out: out(imported) }).toMatchObject({ code: 0 });
    expect(out(imported)).toMatch(/Import successful/);
    expect(await stateId(w3, 'flashback_provider_api_key.k')).toBe(other);
    // The API never returns the secret: the first plan sends it, as an update in place.
    const afterImport = await w3.tf(['plan']);
    expect(out(afterImport)).toMatch(/flashback_provider_api_key\.k will be updated in-place/);
    expect(out(afterImport)).toMatch(/\+ secret_wo_version = 1/);
    expect(out(afterImport)).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);
    expect((await w3.tf(['apply', '-auto-approve'])).code).toBe(0);
    expect((await w3.tf(['plan', '-detailed-exitcode'])).code).toBe(0);
    removeDir(w.dir);
    removeDir(w2.dir);
    removeDir(w3.dir);
  });

  it('rejects invalid configurations at validate, and unknown provider types at plan, naming the attribute', async () => {
    const w = workspace(engine);
    w.write(`
resource "flashback_provider_api_key" "both" {
  provider_type     = "aws"
  key               = "k"
  secret            = "plain"
  secret_wo         = var.secret
  secret_wo_version = 1
  endpoint          = "not a url"
}
resource "flashback_storage_bucket" "bad" {
  workspace_id        = "ws"
  provider_api_key_id = "x"
  name                = "n"
  bucket              = "b"
  storage_type        = "FTP"
  timeouts {
    create = "5 minutes"
  }
}`);
    const r = await w.tf(['validate']);
    expect(r.code).not.toBe(0);
    const text = out(r);
    expect(text).toMatch(/Conflicting secret and secret_wo/);
    expect(text).toMatch(/provider_type must be an upper-case provider name/);
    expect(text).toMatch(/endpoint must be an absolute http\(s\) URL/);
    expect(text).toMatch(/storage_type must be one of S3, GCS, BLOB; got "FTP"/);
    expect(flat(r)).toMatch(/Invalid duration .* create = "5 minutes" timeouts\.create must be a duration such as "30s"/);

    // A well-formed type that the API does not serve passes validate and fails the plan, listing the valid ones.
    w.write(keyBlock().replace('"AWS"', '"NOSUCHCLOUD"'));
    expect((await w.tf(['validate'])).code).toBe(0);
    const plan = await w.tf(['plan']);
    expect(plan.code).not.toBe(0);
    expect(flat(plan)).toMatch(/Invalid provider_type .* provider_type = "NOSUCHCLOUD" .* must be a provider type the Flashback API serves: AWS, GCP, AZURE, OPENAI, ANTHROPIC; got "NOSUCHCLOUD"/);
    removeDir(w.dir);
  });

  it('replaces a key in use: destroy-first is warned about at plan and refused at apply; create_before_destroy re-points the buckets first', async () => {
    const w = workspace(engine);
    const client = new FlashbackClient({ apiUrl: emu.url, token, env: {} });
    const config = (type: string, lifecycle = '') => `
resource "flashback_provider_api_key" "k" {
  provider_type     = "${type}"
  key               = "AKIAREPLACE"
  secret_wo         = var.secret
  secret_wo_version = var.secret_version
  ${lifecycle}
}
resource "flashback_storage_bucket" "a" {
  provider_api_key_id = flashback_provider_api_key.k.id
  name                = "replace-a-${engine}"
  bucket              = "replace-a"
  storage_type        = "S3"
}
resource "flashback_storage_bucket" "b" {
  provider_api_key_id = flashback_provider_api_key.k.id
  name                = "replace-b-${engine}"
  bucket              = "replace-b"
  storage_type        = "S3"
}`;
    w.write(config('AWS'));
    expect(out(await w.tf(['apply', '-auto-approve']))).toMatch(/Resources: 3 added/);
    const oldKey = await stateId(w, 'flashback_provider_api_key.k');
    const bucketA = await stateId(w, 'flashback_storage_bucket.a');
    const bucketB = await stateId(w, 'flashback_storage_bucket.b');

    // Destroy-first (Terraform's default): the plan names both buckets and recommends create_before_destroy ...
    w.write(config('GCP'));
    const plan = await w.tf(['plan']);
    expect(plan.code).toBe(0);
    expect(out(plan)).toMatch(/flashback_provider_api_key\.k must be replaced/);
    expect(out(plan)).toMatch(/Plan: 1 to add, 2 to change, 1 to destroy/);
    const warning = flat(plan).slice(flat(plan).indexOf('Warning: Replacing a provider API key still in use'));
    expect(warning).toMatch(/^Warning: Replacing a provider API key still in use .* provider_type = "GCP"/);
    expect(warning).toContain(`Changing provider_type replaces the key. Replacing provider API key ${oldKey} (workspace ${ws}) would fail: 2 resources still use it:`);
    expect(warning).toContain(`storage bucket "replace-a-${engine}" (id ${bucketA}, workspace ${ws})`);
    expect(warning).toContain(`storage bucket "replace-b-${engine}" (id ${bucketB}, workspace ${ws})`);
    expect(warning).toContain('Add lifecycle { create_before_destroy = true } to this key');
    // ... and the apply fails at the old key's deletion, before anything else changed, saying the same.
    const failed = await w.tf(['apply', '-auto-approve']);
    expect(failed.code).not.toBe(0);
    expect(flat(failed)).toMatch(/Error: The provider API key is still in use .*Changing provider_type replaces the key/);
    expect(flat(failed)).toContain('Without lifecycle { create_before_destroy = true } on the key, Terraform deletes the old key before it creates the new one');
    expect((await client.apiKeys.get(ws, oldKey)).provider).toBe('AWS');
    expect((await client.buckets.get(ws, bucketA)).apiKeyId).toBe(oldKey);

    // With create_before_destroy: new key, buckets re-pointed in place, old key deleted last.
    w.write(config('GCP', 'lifecycle {\n    create_before_destroy = true\n  }'));
    const replaced = await w.tf(['apply', '-auto-approve']);
    expect({ code: replaced.code, out: out(replaced) }).toMatchObject({ code: 0 });
    expect(out(replaced)).toMatch(/Resources: 1 added, 2 changed, 1 destroyed/);
    const newKey = await stateId(w, 'flashback_provider_api_key.k');
    expect(newKey).not.toBe(oldKey);
    expect(await stateId(w, 'flashback_storage_bucket.a')).toBe(bucketA);
    expect(await stateId(w, 'flashback_storage_bucket.b')).toBe(bucketB);
    for (const id of [bucketA, bucketB]) expect((await client.buckets.get(ws, id)).apiKeyId).toBe(newKey);
    const keys = await client.apiKeys.list({ workspaceId: ws });
    expect(keys.map((k) => k.id)).not.toContain(oldKey);
    expect(keys.find((k) => k.id === newKey)?.provider).toBe('GCP');
    expect((await w.tf(['plan', '-detailed-exitcode'])).code).toBe(0);

    // deletion_protection does not turn the replacement warning into an error: with create_before_destroy, a replacement whose
    // dependents this configuration re-points applies cleanly (issue #14), and the provider cannot see create_before_destroy.
    w.write(config('GCP', 'deletion_protection = true\n  lifecycle {\n    create_before_destroy = true\n  }'));
    expect((await w.tf(['apply', '-auto-approve'])).code).toBe(0);
    w.write(config('AZURE', 'deletion_protection = true\n  lifecycle {\n    create_before_destroy = true\n  }'));
    const protectedPlan = await w.tf(['plan']);
    expect(protectedPlan.code).toBe(0);
    expect(flat(protectedPlan)).toMatch(/Warning: Replacing a provider API key still in use .* provider_type = "AZURE"/);
    expect(flat(protectedPlan)).toContain(`storage bucket "replace-a-${engine}" (id ${bucketA}`);
    expect(flat(protectedPlan)).toContain('deletion_protection cannot make this an error');
    const protectedReplaced = await w.tf(['apply', '-auto-approve']);
    expect(out(protectedReplaced)).toMatch(/Resources: 1 added, 2 changed, 1 destroyed/);
    removeDir(w.dir);
  });

  it('keeps the secret and the token out of TF_LOG=trace output of a full apply and a rotation', async () => {
    const w = workspace(engine, { FLASHBACK_API_TOKEN: undefined, TF_VAR_token: token, TF_LOG: 'trace' });
    const withToken = header.replace('provider "flashback" {}', 'variable "token" {\n  type      = string\n  sensitive = true\n}\nprovider "flashback" {\n  token = var.token\n}');
    w.write(keyBlock() + consumers(`trace-${engine}`), withToken);
    const apply = await w.tf(['apply', '-auto-approve']);
    expect(out(apply)).toMatch(/Apply complete! Resources: 4 added/);
    const rotate = await w.tf(['apply', '-auto-approve'], { TF_VAR_secret: SECRET_2, TF_VAR_secret_version: '2' });
    expect(out(rotate)).toMatch(/Apply complete! Resources: 0 added, 1 changed, 0 destroyed/);
    for (const r of [apply, rotate]) {
      // The trace really is there, our provider's lines included ...
      expect(r.stderr).toMatch(/\[TRACE\]/);
      expect(r.stderr).toMatch(/provider\.terraform-provider-flashback(_v[0-9.]+)?: (ApplyResourceChange|PlanResourceChange) answered/);
      // ... and holds neither secret nor the API token.
      for (const secret of [SECRET_1, SECRET_2, token]) expect(out(r)).not.toContain(secret);
    }
    expect((await w.tf(['destroy', '-auto-approve'], { TF_LOG: undefined })).code).toBe(0);
    removeDir(w.dir);
  });

  it('stops an operation at its timeouts deadline with an error naming it', async () => {
    const w = workspace(engine);
    w.write(keyBlock('timeouts {\n    update = "1s"\n  }'));
    expect((await w.tf(['apply', '-auto-approve'])).code).toBe(0);
    // The API stalls the next key update for 4 s; the rotation gives up after 1 s.
    await emulator('POST', '/__emulator/faults', { count: 1, method: 'PUT', path: '/apikeys/', delayMs: 4000 });
    const rotate = await w.tf(['apply', '-auto-approve'], { TF_VAR_secret: SECRET_2, TF_VAR_secret_version: '2' });
    await emulator('DELETE', '/__emulator/faults');
    expect(rotate.code).not.toBe(0);
    expect(flat(rotate)).toMatch(/Error: Timed out: update of the provider API key .*The update did not finish within timeouts\.update = "1s": the Flashback API did not answer in time/);
    // Nothing was recorded as applied: the next apply sends the rotation again and succeeds.
    const retry = await w.tf(['apply', '-auto-approve'], { TF_VAR_secret: SECRET_2, TF_VAR_secret_version: '2' });
    expect(out(retry)).toMatch(/Resources: 0 added, 1 changed, 0 destroyed/);
    expect((await w.tf(['destroy', '-auto-approve'], { TF_VAR_secret_version: '2' })).code).toBe(0);
    removeDir(w.dir);
  });

  it('plans and refreshes many resources with a constant number of list calls', async () => {
    const w = workspace(engine);
    const many = (n: number) => `
resource "flashback_provider_api_key" "k" {
  count             = ${n}
  provider_type     = "AWS"
  key               = "AKIAMANY\${count.index}"
  secret_wo         = var.secret
  secret_wo_version = 1
}
resource "flashback_storage_bucket" "b" {
  count               = ${n}
  provider_api_key_id = flashback_provider_api_key.k[count.index].id
  name                = "many-${engine}-\${count.index}"
  bucket              = "many-\${count.index}"
  storage_type        = "S3"
}`;
    const listCalls = async (args: string[]) => {
      await emulator('POST', '/__emulator/stats/reset');
      const r = await w.tf(args);
      expect({ code: r.code, out: out(r) }).toMatchObject({ code: 0 });
      const counts = await requestCounts();
      return { keys: counts['GET /apikeys'] ?? 0, buckets: counts['GET /bucket'] ?? 0, all: counts };
    };
    w.write(many(3));
    expect((await w.tf(['apply', '-auto-approve'])).code).toBe(0);
    const small = await listCalls(['plan', '-detailed-exitcode']);
    w.write(many(20));
    expect((await w.tf(['apply', '-auto-approve'])).code).toBe(0);
    const large = await listCalls(['plan', '-detailed-exitcode']);
    const refresh = await listCalls(['apply', '-refresh-only', '-auto-approve']);
    // 40 resources read in parallel share one list per workspace and type: as few calls as for 6.
    expect(large).toMatchObject({ keys: 1, buckets: 1 });
    expect(refresh).toMatchObject({ keys: 1, buckets: 1 });
    expect(small).toMatchObject({ keys: large.keys, buckets: large.buckets });
    expect((await w.tf(['destroy', '-auto-approve'])).code).toBe(0);
    removeDir(w.dir);
  });
});
