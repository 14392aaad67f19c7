/**
 * Discovery with the real Terraform 1.15 (`terraform-latest`) against the emulator: `terraform
 * query` lists a workspace's keys, buckets and AI models through our list resources, each with its
 * identity `{workspace_id, id}`; `-generate-config-out` writes resource and `import {}` blocks by
 * identity that plan cleanly once the credential is filled in (only the secret version is set),
 * apply, and leave the identity in state. OpenTofu 1.12 imports by identity too. Terraform 1.11
 * and OpenTofu have no `terraform query`; provider.test.ts proves they keep working with the
 * same provider.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlashbackClient } from '../../../src/client';
import { type RunningEmulator, startEmulator } from '../../../src/emulator';
import { ensureBuilt, repoRoot } from '../../support/build';
import { engineEnv, makeTempDir, removeDir, requireEngine, run, type RunResult } from '../../support/engines';

jest.setTimeout(600_000);

const ENGINE = 'terraform-latest';
const header = `
terraform {
  required_providers {
    flashback = { source = "flashback/flashback" }
  }
}
provider "flashback" {}
`;

let emu: RunningEmulator;
let dataDir: string;
let ws: string;
let client: FlashbackClient;
const ids: Record<'aws' | 'openai' | 'bucket' | 'llm', string> = { aws: '', openai: '', bucket: '', llm: '' };

beforeAll(async () => {
  ensureBuilt();
  requireEngine(ENGINE);
  requireEngine('tofu');
  dataDir = makeTempDir('fb-tf-query-emu-');
  emu = await startEmulator({ port: 0, dataDir });
  ws = emu.seeded.workspaces[0].id;
  client = new FlashbackClient({ apiUrl: emu.url, token: emu.seeded.users[0].token, env: {} });
  ids.aws = await client.apiKeys.create({ workspaceId: ws, provider: 'AWS', key: 'AKIAQUERY', secret: 'made-elsewhere-1', region: 'eu-west-1', description: 'prod storage' });
  ids.openai = await client.apiKeys.create({ workspaceId: ws, provider: 'OPENAI', key: 'org-query', secret: 'made-elsewhere-2' });
  ids.bucket = await client.buckets.create({ workspaceId: ws, apiKeyUuid: ids.aws, name: 'found-logs', bucket: 'acme-logs', storageType: 'S3', region: 'eu-west-1' });
  ids.llm = await client.aiLlms.create({ workspaceId: ws, apiKeyUuid: ids.openai, name: 'found-assistant', aiType: 'OPENAI' });
});
afterAll(async () => {
  await emu?.close();
  removeDir(dataDir);
});

function workspace(engine: 'terraform-latest' | 'tofu' = ENGINE) {
  const dir = makeTempDir('fb-tf-query-');
  const env = engineEnv({
    tmpDir: join(dir, '.engine'),
    devOverrides: { 'registry.terraform.io/flashback/flashback': join(repoRoot, 'bin'), 'registry.opentofu.org/flashback/flashback': join(repoRoot, 'bin') },
    env: { FLASHBACK_API_URL: emu.url, FLASHBACK_API_TOKEN: emu.seeded.users[0].token, FLASHBACK_WORKSPACE_ID: ws },
  });
  const tf = (args: string[]): Promise<RunResult> => run(engine, [...args, '-no-color'], { cwd: dir, env });
  return { dir, tf };
}

const out = (r: RunResult) => r.stdout + r.stderr;
const listLines = (r: RunResult) => r.stdout.split('\n').filter((line) => line.startsWith('list.')).map((line) => line.trim().split(/\s{2,}/));

const queryFile = `
list "flashback_provider_api_key" "keys" {
  provider = flashback
}
list "flashback_storage_bucket" "aws_buckets" {
  provider = flashback
  config {
    provider_api_key_id = "${'${ID_AWS}'}"
  }
}
list "flashback_ai_llm" "models" {
  provider = flashback
  config {
    workspace_id = "${'${WS}'}"
  }
}
`;

it('lists a workspace\'s objects by identity, and generates import blocks and configuration that plan cleanly once the credential is added', async () => {
  const w = workspace();
  writeFileSync(join(w.dir, 'main.tf'), header);
  writeFileSync(join(w.dir, 'discover.tfquery.hcl'), queryFile.replace('${ID_AWS}', ids.aws).replace('${WS}', ws));

  const query = await w.tf(['query']);
  expect({ code: query.code, out: out(query) }).toMatchObject({ code: 0 });
  const identity = (id: string) => `id=${id},workspace_id=${ws}`;
  expect(listLines(query).sort()).toEqual(
    [
      ['list.flashback_provider_api_key.keys', identity(ids.aws), `AWS prod storage (${ids.aws})`],
      ['list.flashback_provider_api_key.keys', identity(ids.openai), `OPENAI (${ids.openai})`],
      ['list.flashback_storage_bucket.aws_buckets', identity(ids.bucket), 'found-logs'],
      ['list.flashback_ai_llm.models', identity(ids.llm), 'found-assistant'],
    ].sort(),
  );

  const generated = await w.tf(['query', '-generate-config-out=generated.tf']);
  expect(generated.code).toBe(0);
  const hcl = readFileSync(join(w.dir, 'generated.tf'), 'utf8');
  expect(hcl.match(/^import \{/gm)).toHaveLength(4);
  for (const id of Object.values(ids)) expect(hcl).toMatch(new RegExp(`identity = \\{\\s+id\\s+= "${id}"\\s+workspace_id = "${ws}"\\s+\\}`));
  // What the API never returns is left for the user: the key's credential, marked sensitive.
  expect(hcl.match(/^\s+key\s+= null # sensitive$/gm)).toHaveLength(2);
  expect(hcl).not.toContain('made-elsewhere');

  // The user fills in the credential of each key (its public key and the write-only secret).
  const filled = hcl.replace(/resource "flashback_provider_api_key" "(\w+)" \{[^}]*\}/g, (resourceBlock) => {
    const aws = /provider_type\s+= "AWS"/.test(resourceBlock);
    return resourceBlock
      .replace(/key\s+= null # sensitive/, `key = "${aws ? 'AKIAQUERY' : 'org-query'}"`)
      .replace(/secret_wo\s+= null # sensitive/, `secret_wo = "${aws ? 'rotated-in-1' : 'rotated-in-2'}"`)
      .replace(/secret_wo_version\s+= null/, 'secret_wo_version = 1')
      .replace(/\n\s+secret\s+= null # sensitive/, '');
  });
  writeFileSync(join(w.dir, 'generated.tf'), filled);
  expect((await w.tf(['validate'])).code).toBe(0);

  const plan = await w.tf(['plan']);
  expect({ code: plan.code, out: out(plan) }).toMatchObject({ code: 0 });
  expect(out(plan)).toMatch(/Plan: 4 to import, 0 to add, 2 to change, 0 to destroy/);
  for (const kind of ['storage_bucket', 'ai_llm']) expect(out(plan)).toMatch(new RegExp(`flashback_${kind}\\.\\w+: Preparing import\\.\\.\\. \\[identity=`));
  expect(out(plan).match(/\+ secret_wo_version = 1/g)).toHaveLength(2);

  const apply = await w.tf(['apply', '-auto-approve']);
  expect(out(apply)).toMatch(/Apply complete! Resources: 4 imported, 0 added, 2 changed, 0 destroyed/);
  const again = await w.tf(['plan', '-detailed-exitcode']);
  expect({ code: again.code, out: out(again) }).toMatchObject({ code: 0 });

  const state = JSON.parse((await w.tf(['show', '-json'])).stdout) as { values: { root_module: { resources: { type: string; identity?: unknown; values: { id: string } }[] } } };
  const resources = state.values.root_module.resources;
  expect(resources.map((r) => [r.type, r.identity]).sort()).toEqual(
    [
      ['flashback_provider_api_key', { id: ids.aws, workspace_id: ws }],
      ['flashback_provider_api_key', { id: ids.openai, workspace_id: ws }],
      ['flashback_storage_bucket', { id: ids.bucket, workspace_id: ws }],
      ['flashback_ai_llm', { id: ids.llm, workspace_id: ws }],
    ].sort(),
  );
  // Same objects, nothing re-created.
  expect(resources.map((r) => r.values.id).sort()).toEqual(Object.values(ids).sort());
  removeDir(w.dir);
});

it.each(['terraform-latest', 'tofu'] as const)('%s imports by identity from a hand-written import block; the identity schema makes workspace_id required there', async (engine) => {
  const w = workspace(engine);
  const bucket = (identityBody: string) => `${header}
resource "flashback_storage_bucket" "b" {
  provider_api_key_id = "${ids.aws}"
  name                = "found-logs"
  bucket              = "acme-logs"
  storage_type        = "S3"
  region              = "eu-west-1"
}
import {
  to       = flashback_storage_bucket.b
  identity = { ${identityBody} }
}
`;
  writeFileSync(join(w.dir, 'main.tf'), bucket(`workspace_id = "${ws}", id = "${ids.bucket}"`));
  const plan = await w.tf(['plan', '-detailed-exitcode']);
  expect(out(plan)).toMatch(/Plan: 1 to import, 0 to add, 0 to change, 0 to destroy/);

  writeFileSync(join(w.dir, 'main.tf'), bucket(`id = "${ids.bucket}"`));
  const missing = await w.tf(['plan']);
  expect(missing.code).not.toBe(0);
  expect(out(missing).replace(/\s+/g, ' ')).toContain('Invalid expression value: attribute "workspace_id" is required.');
  removeDir(w.dir);
});
