/**
 * Issue #3: each provided Terraform (`terraform`, `terraform-latest`) and OpenTofu (`tofu`) runs init, apply and
 * destroy of a configuration using only the built-in `terraform_data`, offline (every HTTP(S) request goes to a
 * dead proxy), and launches a provider plugin through dev_overrides in its own TF_CLI_CONFIG_FILE.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { engineEnv, makeTempDir, removeDir, requireEngine, run, runOk, type TerraformLikeEngine } from '../../support/engines';

jest.setTimeout(300_000);

const ENGINES: TerraformLikeEngine[] = ['terraform', 'terraform-latest', 'tofu'];

/** Any network use fails fast: a proxy on a closed local port (loopback, used for plugins, is exempt). */
const OFFLINE = {
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  http_proxy: 'http://127.0.0.1:9',
  https_proxy: 'http://127.0.0.1:9',
  NO_PROXY: '127.0.0.1,localhost',
  no_proxy: '127.0.0.1,localhost',
};

const CONFIG = `
variable "rev" {
  type    = string
  default = "1"
}

resource "terraform_data" "key" {
  input = { name = "flashback", size = 3 }
}

resource "terraform_data" "bucket" {
  input            = "\${terraform_data.key.output.name}-bucket"
  triggers_replace = [var.rev]
}

output "key" {
  value = terraform_data.key.output
}

output "bucket" {
  value = terraform_data.bucket.output
}
`;

describe.each(ENGINES)('%s', (engine) => {
  let dir: string;
  let failed = false;

  beforeEach(() => {
    dir = makeTempDir(`flashback-${engine}-`);
  });
  afterEach(() => {
    if (failed) console.warn(`${engine}: keeping ${dir} for inspection`);
    else removeDir(dir);
  });

  it('runs init, apply, a no-op plan, a replacement, and destroy of terraform_data offline', async () => {
    failed = true;
    requireEngine(engine);
    const work = path.join(dir, 'work');
    fs.mkdirSync(work);
    fs.writeFileSync(path.join(work, 'main.tf'), CONFIG);
    const env = engineEnv({ tmpDir: dir, env: OFFLINE });
    const tf = (args: string[], okCodes = [0]) => runOk(engine, args, { cwd: work, env, okCodes });

    const init = await tf(['init', '-input=false', '-no-color']);
    expect(init.stdout).toMatch(/has been successfully initialized/);

    const apply = await tf(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(apply.stdout).toMatch(/Apply complete! Resources: 2 added, 0 changed, 0 destroyed/);

    const out = JSON.parse((await tf(['output', '-json'])).stdout);
    expect(out.key.value).toEqual({ name: 'flashback', size: 3 });
    expect(out.bucket.value).toBe('flashback-bucket');

    // Nothing to do: -detailed-exitcode gives 0 (2 would mean changes).
    await tf(['plan', '-detailed-exitcode', '-input=false', '-no-color']);

    const replan = await tf(['plan', '-detailed-exitcode', '-input=false', '-no-color', '-var', 'rev=2'], [2]);
    expect(replan.stdout).toMatch(/1 to add, 0 to change, 1 to destroy/);
    const reapply = await tf(['apply', '-auto-approve', '-input=false', '-no-color', '-var', 'rev=2']);
    expect(reapply.stdout).toMatch(/Resources: 1 added, 0 changed, 1 destroyed/);

    const destroy = await tf(['destroy', '-auto-approve', '-input=false', '-no-color', '-var', 'rev=2']);
    expect(destroy.stdout).toMatch(/Resources: 2 destroyed/);
    const list = await tf(['state', 'list']);
    expect(list.stdout.trim()).toBe('');
    failed = false;
  });

  it('launches a provider plugin from dev_overrides in its own TF_CLI_CONFIG_FILE (go-plugin env, AutoMTLS)', async () => {
    failed = true;
    requireEngine(engine);
    // A stand-in provider that records how it was launched, then offers an unusable address; the engine must launch
    // it with the go-plugin handshake environment and then fail to talk to it.
    const plugins = path.join(dir, 'plugins');
    const work = path.join(dir, 'work');
    const marker = path.join(dir, 'launched.env');
    fs.mkdirSync(plugins);
    fs.mkdirSync(work);
    const script = path.join(plugins, 'terraform-provider-fake');
    fs.writeFileSync(script, `#!/bin/sh\nenv > '${marker}'\necho '1|6|unix|${path.join(dir, 'nothing.sock')}|grpc|'\nsleep 2\n`);
    fs.chmodSync(script, 0o755);
    fs.writeFileSync(
      path.join(work, 'main.tf'),
      `terraform {\n  required_providers {\n    fake = { source = "example.com/flashback/fake" }\n  }\n}\nresource "fake_thing" "x" {}\n`,
    );
    const env = engineEnv({ tmpDir: dir, devOverrides: { 'example.com/flashback/fake': plugins }, env: OFFLINE });
    expect(fs.readFileSync(env.TF_CLI_CONFIG_FILE!, 'utf8')).toContain('dev_overrides');

    const r = await run(engine, ['plan', '-input=false', '-no-color'], { cwd: work, env });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Provider development overrides are in effect|fake/);
    expect(fs.existsSync(marker)).toBe(true);
    const launched = fs.readFileSync(marker, 'utf8');
    expect(launched).toMatch(/^PLUGIN_PROTOCOL_VERSIONS=.*6/m);
    expect(launched).toMatch(/^TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2$/m);
    expect(launched).toMatch(/^PLUGIN_CLIENT_CERT=-----BEGIN CERTIFICATE-----/m);
    expect(launched).toContain(`TF_CLI_CONFIG_FILE=${env.TF_CLI_CONFIG_FILE}`);
    failed = false;
  });
});
