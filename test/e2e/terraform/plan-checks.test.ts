/**
 * Early errors with the real engines against the emulator: a misconfigured provider block fails
 * `validate` once, as a provider problem naming the attribute (or environment variable) and the
 * fix; a plan that would write where the token can only read fails at plan naming the workspace,
 * the role and the role needed, after one GET /workspace for the whole plan; and an API that
 * throttles the provider-type check gives one warning for the plan, not one per key.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '../../../src/emulator';
import { ensureBuilt, repoRoot } from '../../support/build';
import { availableTerraformLikes, engineEnv, makeTempDir, removeDir, requireEngine, run, type RunResult } from '../../support/engines';
import { emulatorCall } from '../../support/emulator-call';

jest.setTimeout(600_000);

const OWNER = 'tok-plans-owner-01';
const READER = 'tok-plans-reader-01';

let emu: RunningEmulator;
let dataDir: string;
let alpha: string;
let beta: string;

beforeAll(async () => {
  ensureBuilt();
  for (const e of ['terraform', 'terraform-latest', 'tofu']) requireEngine(e);
  dataDir = makeTempDir('fb-tf-checks-emu-');
  emu = await startEmulator({
    port: 0,
    dataDir,
    enableFaults: true,
    seed: {
      org: { name: 'acme' },
      workspaces: [{ name: 'alpha' }, { name: 'beta' }],
      users: [
        { email: 'owner@acme.test', token: OWNER, orgRole: 'OWNER' },
        { email: 'reader@acme.test', token: READER, orgRole: 'MEMBER', workspaces: { alpha: 'READ', beta: 'WRITE' } },
      ],
    },
  });
  alpha = emu.seeded.workspaces.find((w) => w.name === 'alpha')!.id;
  beta = emu.seeded.workspaces.find((w) => w.name === 'beta')!.id;
});
afterAll(async () => {
  await emu?.close();
  removeDir(dataDir);
});

const admin = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => emulatorCall(emu, method, path, body);
const requestCounts = async () => ((await admin('GET', '/__emulator/stats')) as { requests: Record<string, number> }).requests;

const header = (providerBody = '') => `
terraform {
  required_providers {
    flashback = { source = "flashback/flashback" }
  }
}
provider "flashback" {
  ${providerBody}
}
`;
const key = (name: string, workspace = '') => `
resource "flashback_provider_api_key" "${name}" {
  ${workspace === '' ? '' : `workspace_id = "${workspace}"`}
  provider_type = "AWS"
  key           = "AKIA${name.toUpperCase()}"
  secret        = "checks-secret-${name}"
}
`;

function workspace(engine: string, env: NodeJS.ProcessEnv) {
  const dir = makeTempDir(`fb-tf-checks-${engine}-`);
  const engineEnvironment = engineEnv({
    tmpDir: join(dir, '.engine'),
    devOverrides: { 'registry.terraform.io/flashback/flashback': join(repoRoot, 'bin'), 'registry.opentofu.org/flashback/flashback': join(repoRoot, 'bin') },
    env: { FLASHBACK_API_URL: emu.url, FLASHBACK_API_TOKEN: OWNER, FLASHBACK_WORKSPACE_ID: alpha, ...env },
  });
  const tf = (args: string[]): Promise<RunResult> => run(engine, [...args, '-no-color'], { cwd: dir, env: engineEnvironment });
  const write = (hcl: string) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'main.tf'), hcl);
  };
  return { dir, tf, write };
}

/** Output as one line: engines wrap diagnostic text at 80 columns. */
const flat = (r: RunResult) => (r.stdout + r.stderr).replace(/\s+/g, ' ');
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe.each(availableTerraformLikes())('%s', (engine) => {
  it('validate (or, for settings from the environment, plan) refuses a misconfigured provider once, naming the attribute or variable and the fix', async () => {
    // The engines skip validating a provider block that sets nothing, so settings that come only
    // from the environment are checked when the plan configures the provider, before any resource.
    const cases: { provider: string; env?: NodeJS.ProcessEnv; command: 'validate' | 'plan'; summary: string; detail: string }[] = [
      { provider: 'api_url = "not a url"', command: 'validate', summary: 'Invalid provider API URL', detail: 'api_url must be an absolute http(s) URL such as https://backend.flashback.tech; got "not a url"' },
      { provider: 'api_url = "127.0.0.1:8080"', command: 'validate', summary: 'Invalid provider API URL', detail: 'got "127.0.0.1:8080". Give the Flashback API\'s base URL with its scheme' },
      { provider: 'workspace_id = "alpha team/1"', command: 'validate', summary: 'Invalid provider workspace_id', detail: 'workspace_id must be a workspace id such as' },
      { provider: 'api_url = "not a url"', command: 'plan', summary: 'Invalid provider API URL', detail: 'api_url must be an absolute http(s) URL' },
      { provider: '', env: { FLASHBACK_API_URL: 'localhost:8080' }, command: 'plan', summary: 'Invalid FLASHBACK_API_URL', detail: 'FLASHBACK_API_URL (used because the provider "flashback" block sets no api_url) must be an absolute http(s) URL' },
      { provider: '', env: { FLASHBACK_API_TOKEN: undefined }, command: 'plan', summary: 'Missing Flashback API token', detail: 'Set token in the provider "flashback" block (from a sensitive variable) or the FLASHBACK_API_TOKEN environment variable.' },
    ];
    for (const c of cases) {
      const w = workspace(engine, c.env ?? {});
      w.write(header(c.provider) + key('one') + key('two') + key('three'));
      const validate = await w.tf([c.command]);
      expect({ case: c, code: validate.code }).toEqual({ case: c, code: 1 });
      const text = flat(validate);
      expect(text).toContain(`Error: ${c.summary}`);
      expect(text).toContain(c.detail);
      // One provider problem, not one per resource, and no resource was reached.
      expect({ case: c, errors: count(text, 'Error:'), warnings: count(text, 'Warning: Could not') }).toEqual({ case: c, errors: 1, warnings: 0 });
      removeDir(w.dir);
    }
    // A correct block still validates.
    const ok = workspace(engine, {});
    ok.write(header(`api_url = "${emu.url}"`) + key('one'));
    expect((await ok.tf(['validate'])).code).toBe(0);
    removeDir(ok.dir);
  });

  it('a plan that writes where the token can only read fails at plan, naming workspace, role and role needed, with one GET /workspace', async () => {
    const w = workspace(engine, { FLASHBACK_API_TOKEN: READER });
    w.write(header() + key('one') + key('two') + key('three'));
    const before = (await requestCounts())['GET /workspace'] ?? 0;
    const plan = await w.tf(['plan']);
    expect(plan.code).toBe(1);
    const text = flat(plan);
    expect(text).toContain('Error: Not allowed to write in this workspace');
    expect(text).toContain(`This token cannot create the provider API key: its role in workspace "alpha" (${alpha}) is READ, and WRITE or ADMIN is needed to create, update or delete there.`);
    expect(count(text, 'Error:')).toBe(1);
    expect((await requestCounts())['GET /workspace'] ?? 0).toBe(before + 1);

    // The same token writes in beta, where it has WRITE: the plan is clean.
    w.write(header() + key('one', beta));
    const writable = await w.tf(['plan']);
    expect({ code: writable.code, out: flat(writable) }).toMatchObject({ code: 0 });
    expect(flat(writable)).toContain('Plan: 1 to add, 0 to change, 0 to destroy');
    removeDir(w.dir);
  });

  it('an API throttling the provider-type check gives one warning for the plan, not one per key', async () => {
    const w = workspace(engine, {});
    w.write(header() + ['a', 'b', 'c', 'd', 'e'].map((name) => key(name)).join(''));
    await admin('POST', '/__emulator/faults', { count: 1000, method: 'GET', path: '/providers', status: 429, retryAfter: 0, message: 'slow down' });
    try {
      const plan = await w.tf(['plan']);
      expect({ code: plan.code, out: flat(plan) }).toMatchObject({ code: 0 });
      const text = flat(plan);
      expect(text).toContain('Plan: 5 to add, 0 to change, 0 to destroy');
      expect(count(text, 'Warning: Could not check provider_type')).toBe(1);
      expect(text).toContain('This warning is shown once per plan.');
    } finally {
      await admin('DELETE', '/__emulator/faults');
    }
    removeDir(w.dir);
  });
});
