/**
 * Issue #3: `scripts/engines.sh ensure` is cached (a second run takes seconds) and `env` gives a shell where the
 * engines come first on PATH with the offline settings. Run after `npm run engines` (the README test command does).
 */
import * as path from 'node:path';

import { enginesBin, repoRoot, requireEngine, run, runOk } from '../../support/engines';

jest.setTimeout(900_000);

const script = path.join(repoRoot, 'scripts', 'engines.sh');

it('ensure succeeds from the cache in seconds and prints every version', async () => {
  const started = Date.now();
  const r = await runOk('bash', [script, 'ensure'], { cwd: repoRoot, env: process.env });
  const seconds = (Date.now() - started) / 1000;
  console.warn(`engines.sh ensure: ${seconds.toFixed(1)}s\n${r.stdout}`);
  for (const line of [/terraform\s+Terraform v1\.\d+/, /terraform-latest\s+Terraform v1\.1[5-9]\./, /tofu\s+OpenTofu v1\.\d+/, /pulumi\s+v3\.\d+/]) {
    expect(r.stdout).toMatch(line);
  }
  // How long it takes is a benchmark figure, not a test: this proves only that it succeeds from the cache.
});

it('env exports PATH with .engines/bin first and the offline settings', async () => {
  requireEngine('terraform');
  const cmd = `eval "$(bash '${script}' env)" && command -v terraform tofu pulumi terraform-latest pulumi-resource-pulumi-nodejs && env`;
  const r = await runOk('bash', ['-c', cmd], { cwd: repoRoot, env: { ...process.env, PULUMI_CONFIG_PASSPHRASE: undefined } });
  const lines = r.stdout.split('\n');
  for (const name of ['terraform', 'tofu', 'pulumi', 'terraform-latest', 'pulumi-resource-pulumi-nodejs']) {
    expect(lines).toContain(path.join(enginesBin, name));
  }
  expect(lines.find((l) => l.startsWith('PATH='))).toMatch(new RegExp(`^PATH=${enginesBin}:`));
  for (const v of [
    'TF_IN_AUTOMATION=1',
    'CHECKPOINT_DISABLE=1',
    'PULUMI_SKIP_UPDATE_CHECK=true',
    'PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true',
    'PULUMI_CONFIG_PASSPHRASE=flashback-test-passphrase',
  ]) {
    expect(lines).toContain(v);
  }
  // The exported TF_CLI_CONFIG_FILE exists, so Terraform prints no "Unable to open CLI configuration file" warning.
  const tf = await run('bash', ['-c', `eval "$(bash '${script}' env)" && terraform version`], { cwd: repoRoot, env: process.env });
  expect(tf.code).toBe(0);
  expect(tf.stderr).not.toMatch(/Unable to open CLI configuration file/);
});
