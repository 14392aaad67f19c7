/**
 * The real Terraform and OpenTofu binaries drive our provider (launched through dev_overrides,
 * so the real handshake and AutoMTLS) against the emulator over HTTP.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlashbackClient } from '../../../src/client';
import { type RunningEmulator, startEmulator } from '../../../src/emulator';
import { ensureBuilt, repoRoot } from '../../support/build';
import { availableTerraformLikes, engineEnv, makeTempDir, removeDir, requireEngine, run, type RunResult } from '../../support/engines';

jest.setTimeout(600_000);

const SECRET_1 = 'wo-secret-first-5d1c';
const SECRET_2 = 'wo-secret-rotated-9e4b';

const engines = availableTerraformLikes();

let emu: RunningEmulator;
let dataDir: string;
let token: string;
let ws: string;

beforeAll(async () => {
  ensureBuilt();
  for (const e of ['terraform', 'terraform-latest', 'tofu']) requireEngine(e);
  dataDir = makeTempDir('fb-tf-emu-');
  emu = await startEmulator({ port: 0, dataDir });
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
const header = `
terraform {
  required_providers {
    flashback = { source = "flashback/flashback" }
  }
}
variable "secret" {
  type      = string
  sensitive = true
  ephemeral = true
}
variable "secret_version" {
  type    = number
  default = 1
}
provider "flashback" {}
`;

function workspace(engine: string) {
  const dir = makeTempDir(`fb-tf-${engine}-`);
  const env = engineEnv({
    tmpDir: join(dir, '.engine'),
    devOverrides: { 'registry.terraform.io/flashback/flashback': join(repoRoot, 'bin'), 'registry.opentofu.org/flashback/flashback': join(repoRoot, 'bin') },
    env: { FLASHBACK_API_URL: emu.url, FLASHBACK_API_TOKEN: token, FLASHBACK_WORKSPACE_ID: ws, TF_VAR_secret: SECRET_1 },
  });
  const tf = (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> => run(engine, [...args, '-no-color'], { cwd: dir, env: { ...env, ...extraEnv } });
  const write = (hcl: string) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'main.tf'), header + hcl);
  };
  return { dir, env, tf, write };
}

const out = (r: RunResult) => r.stdout + r.stderr;

async function stateId(w: ReturnType<typeof workspace>, address: string): Promise<unknown> {
  const state = JSON.parse((await w.tf(['show', '-json'])).stdout) as { values: { root_module: { resources: { address: string; values: Record<string, unknown> }[] } } };
  const id = state.values.root_module.resources.find((r) => r.address === address)?.values.id;
  expect(typeof id).toBe('string');
  return id;
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

    // A bucket this configuration does not manage uses the key; removing the key with its own consumers names only that bucket.
    const outsider = await client.buckets.create({ workspaceId: ws, apiKeyUuid: String(keyId), name: `outsider-${engine}`, bucket: 'outsider', storageType: 'S3' });
    w.write('');
    const removal = await w.tf(['plan'], rotateEnv);
    expect(out(removal)).toMatch(/Plan: 0 to add, 0 to change, 4 to destroy/);
    expect(out(removal)).toMatch(/Provider API key still in use/);
    expect(out(removal)).toContain(`storage bucket "outsider-${engine}" (id ${outsider}`);
    const warning = out(removal).slice(out(removal).indexOf('Provider API key still in use'));
    expect(warning).toMatch(/1\s+resource\s+still\s+uses\s+it/);
    expect(warning).not.toContain(`"logs-${engine}"`);
    expect(warning).not.toContain(`"assistant-${engine}"`);

    // With deletion_protection the same plan is an error.
    w.write(keyBlock('deletion_protection = true') + consumers(engine));
    expect((await w.tf(['apply', '-auto-approve'], rotateEnv)).code).toBe(0);
    w.write('');
    const protectedPlan = await w.tf(['plan'], rotateEnv);
    expect(protectedPlan.code).not.toBe(0);
    expect(out(protectedPlan)).toMatch(/Provider API key still in use \(deletion_protection\)/);

    // Once the outsider is gone, removing everything applies cleanly.
    await client.buckets.delete(outsider);
    const destroy = await w.tf(['apply', '-auto-approve'], rotateEnv);
    expect(out(destroy)).toMatch(/Resources: 0 added, 0 changed, 4 destroyed/);
    expect((await client.apiKeys.list({ workspaceId: ws })).map((k) => k.id)).not.toContain(keyId);
    removeDir(w.dir);
  });

  it('re-creates what was deleted outside Terraform and imports an existing key', async () => {
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
    removeDir(w.dir);
    removeDir(w2.dir);
  });

  it('rejects invalid configurations at validate, naming the attribute', async () => {
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
}`);
    const r = await w.tf(['validate']);
    expect(r.code).not.toBe(0);
    const text = out(r);
    expect(text).toMatch(/Conflicting secret and secret_wo/);
    expect(text).toMatch(/provider_type must be an upper-case provider name/);
    expect(text).toMatch(/endpoint must be an absolute http\(s\) URL/);
    expect(text).toMatch(/storage_type must be one of S3, GCS, BLOB; got "FTP"/);
    removeDir(w.dir);
  });
});
