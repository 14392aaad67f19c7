/**
 * The README's first command's main job: `flashback-iac demo` with the real terraform and Pulumi CLI
 * against the embedded emulator, as a user runs it; and its clean-up on Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/build';
import { engineEnv, requireEngine, run } from '../../support/engines';
import { providerBuildCache, providerExecutable } from '../../support/installed-provider';

jest.setTimeout(600_000);

const main = join(repoRoot, 'dist', 'cli', 'main.js');

beforeAll(async () => {
  await providerExecutable(); // builds dist/ and the cached executable the demo installs
  requireEngine('terraform');
  requireEngine('pulumi');
  requireEngine('pulumi-resource-pulumi-nodejs');
});

it('walks through the Terraform and Pulumi examples and leaves nothing behind', async () => {
  const r = await run(process.execPath, [main, 'demo'], { cwd: repoRoot, env: engineEnv({ env: { FLASHBACK_IAC_CACHE_DIR: providerBuildCache } }) });
  const text = r.stdout;
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
  // The provider arrives through terraform init, pinned by a lock file; no dev_overrides.
  expect(text).toMatch(/- Installed flashback\/flashback v\d+\.\d+\.\d+ \(unauthenticated\)/);
  expect(text).toContain('Terraform has created a lock file');
  expect(text + r.stderr).not.toMatch(/development overrides|dev_overrides/i);
  // Terraform: create, in-place rotation, the plan-time conflict naming the three consumers, destroy.
  expect(text).toMatch(/== Terraform \(Terraform v1\.\d+\.\d+\)/);
  expect(text).toMatch(/Apply complete! Resources: 4 added/);
  expect(text).toContain('"buckets: 2, AI models: 1"');
  expect(text).toMatch(/flashback_provider_api_key\.aws will be updated in-place\n(\s+~ \w+ += .*\n)*\s+~ secret_wo_version = 1 -> 2\n(\s+~ \w+ += .*\n)*\s+Plan: 0 to add, 1 to change, 0 to destroy/);
  // A normal plan removing a key gives the provider no order against removed dependents (#14), so they are named as unsure.
  expect(text).toMatch(/Warning: Provider API key may still be in use/);
  for (const name of ['demo-logs', 'demo-assets', 'demo-assistant']) expect(text).toContain(`"${name}" (id `);
  expect(text).toMatch(/Destroy complete! Resources: 4 destroyed/);
  // Pulumi: create, one in-place update, the preview failing on another team's bucket, destroy.
  expect(text).toMatch(/== Pulumi \(CLI v?3\.\d+\.\d+\)/);
  expect(text).toContain('{"create":5}');
  expect(text).toContain('{"same":4,"update":1}');
  expect(text).toMatch(/would fail: 1 resource still uses it:\n\s+- storage bucket "other-team-reports"/);
  expect(text).toMatch(/deleted: 5/);
  // Readable, and no secret anywhere.
  expect(text.split('\n').length).toBeLessThan(120);
  for (const secret of ['demo-secret-v1', 'demo-secret-v2', 'demo-pulumi-secret-v1', 'demo-pulumi-secret-v2']) {
    expect(text + r.stderr).not.toContain(secret);
  }
  const dataDir = /data in (\S+),/.exec(text)?.[1];
  expect(dataDir && existsSync(dataDir)).toBe(false);
});

it('cleans up on Ctrl-C in the middle of a terraform run, pressed twice', async () => {
  const child = spawn(process.execPath, [main, 'demo'], { cwd: repoRoot, env: engineEnv({ env: { FLASHBACK_IAC_CACHE_DIR: providerBuildCache } }), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  const seen = (text: string) =>
    new Promise<void>((resolve) => {
      const look = () => {
        if (stdout.includes(text)) resolve();
        else child.stdout.once('data', look);
      };
      look();
    });
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await seen('1. terraform apply');
  // The terminal sends SIGINT to the whole foreground process group: the demo and its terraform.
  process.kill(-(child.pid as number), 'SIGINT');
  // An impatient user presses it again while the demo cleans up: that must not cut the clean-up short.
  await seen('interrupted: stopping the emulator');
  try {
    process.kill(-(child.pid as number), 'SIGINT');
  } catch (e) {
    // Already done cleaning up and gone: the second press came too late to matter.
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
  expect(await exited).toBe(130);
  expect(stdout).toMatch(/interrupted: stopping the emulator and removing its data/);
  const dataDir = /data in (\S+),/.exec(stdout)?.[1];
  expect(dataDir).toBeDefined();
  expect(existsSync(dataDir as string)).toBe(false);
  // Nothing of the demo is left running (terraform, the provider, the emulator ran inside the demo).
  const ps = await run('ps', ['-eo', 'pgid=,comm='], { cwd: repoRoot });
  const left = ps.stdout.split('\n').filter((l) => l.trim().startsWith(`${child.pid} `));
  expect(left).toEqual([]);
});
