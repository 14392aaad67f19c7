/**
 * Harness for driving real Terraform/OpenTofu against our provider server.
 *
 * The echo test provider (test/terraform/fixtures) is not shipped, so it is not in dist/: its few
 * fixture files are transpiled into a temp directory with their imports of src/ pointed at the
 * compiled dist/, and a `terraform-provider-flashback` script there execs node on the result. The
 * provider Terraform launches is thus the shipped server code plus the test resource. The script
 * also sits in a filesystem mirror (unpacked layout, both registry hosts), so the engines install
 * it with `terraform init` as they install any provider.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';
import { installProvider } from '../../../src/cli/provider/install';
import { packageVersion, terraformPlatform } from '../../../src/cli/provider/layout';
import { distDir, ensureBuilt, repoRoot } from '../../support/build';

const FIXTURES = join(repoRoot, 'test', 'terraform', 'fixtures');
const SRC = join(repoRoot, 'src');

export const SECRET = 'wo-secret-3f9c1d7e-never-in-state';

export interface EchoProviderBuild {
  /** The temp directory holding it all; remove it with `removeEchoProvider`. */
  readonly root: string;
  /** Directory holding `terraform-provider-flashback` (for dev_overrides). */
  readonly binDir: string;
  /** A filesystem_mirror holding the provider as flashback/flashback (for `terraform init`). */
  readonly mirror: string;
  /** The compiled entry; its path identifies our provider processes. */
  readonly entry: string;
}

/** Builds dist/ if stale and writes the echo provider to a new temp directory (a few ms). */
export function buildEchoProvider(): EchoProviderBuild {
  ensureBuilt();
  const testFile = basename(expect.getState().testPath ?? 'unknown', '.test.ts');
  const out = mkdtempSync(join(tmpdir(), `flashback-echo-provider-${testFile}-`));
  for (const file of readdirSync(FIXTURES).filter((name) => name.endsWith('.ts'))) {
    const source = readFileSync(join(FIXTURES, file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    const pointedAtDist = outputText.replace(/require\("(\.{1,2}\/[^"]+)"\)/g, (whole, specifier: string) => {
      const target = resolve(FIXTURES, specifier);
      return target.startsWith(SRC + sep) ? `require(${JSON.stringify(join(distDir, relative(SRC, target)))})` : whole;
    });
    writeFileSync(join(out, file.replace(/\.ts$/, '.js')), pointedAtDist);
  }
  const binDir = join(out, 'bin');
  mkdirSync(binDir);
  const entry = join(out, 'echo-provider-main.js');
  const script = join(binDir, 'terraform-provider-flashback');
  writeFileSync(script, `#!/bin/sh\nexec node ${JSON.stringify(entry)} "$@"\n`);
  chmodSync(script, 0o755);
  const mirror = join(out, 'mirror');
  installProvider(script, { mirror, version: packageVersion(repoRoot), platform: terraformPlatform() });
  return { root: out, binDir, mirror, entry };
}

export function removeEchoProvider(build: EchoProviderBuild): void {
  rmSync(build.root, { recursive: true, force: true });
}

/** Live processes whose command line mentions `marker` (our provider's entry path). */
export function processesRunning(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const commandLine = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      const state = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.[0];
      if (commandLine.includes(marker) && state !== 'Z') found.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** Waits (briefly) until no provider process is left; returns the survivors. */
export async function orphansAfter(marker: string, graceMs = 1000): Promise<number[]> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const left = processesRunning(marker);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((done) => setTimeout(done, 50));
  }
}

export interface EchoConfig {
  readonly storeDir: string;
  readonly name?: string;
  readonly zone?: string;
  readonly secretVersion?: number;
  readonly blockDestroy?: boolean;
  readonly destroyWarning?: string;
  readonly sleepMs?: number;
}

/**
 * One `flashback_test_echo` using every kind of value; the secret comes from an ephemeral
 * variable (TF_VAR_secret), as write-only arguments are meant to be fed.
 */
export function echoConfiguration(config: EchoConfig): string {
  const optional = (name: string, value: string | number | boolean | undefined): string =>
    value === undefined ? '' : `  ${name} = ${JSON.stringify(value)}\n`;
  return `terraform {
  required_providers {
    flashback = { source = "flashback/flashback" }
  }
}

provider "flashback" {
  store_dir = ${JSON.stringify(config.storeDir)}
}

variable "secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "flashback_test_echo" "one" {
  name              = ${JSON.stringify(config.name ?? 'first')}
  zone              = ${JSON.stringify(config.zone ?? 'a')}
  ratio             = 0.1
  tags              = { env = "test", team = "core" }
  ports             = [80, 443]
  labels            = ["x", "y"]
  secret_wo         = var.secret
  secret_wo_version = ${config.secretVersion ?? 1}
${optional('block_destroy', config.blockDestroy)}${optional('destroy_warning', config.destroyWarning)}${optional('sleep_ms', config.sleepMs)}
  rule {
    port = 22
  }
  rule {
    port     = 53
    protocol = "udp"
  }
}

output "id" {
  value = flashback_test_echo.one.id
}
`;
}

export function writeConfiguration(workDir: string, config: EchoConfig): void {
  mkdirSync(workDir, { recursive: true });
  writeFileSync(join(workDir, 'main.tf'), echoConfiguration(config));
}

export function storedObjectFile(storeDir: string, id: string): string {
  return join(storeDir, `${id}.json`);
}

