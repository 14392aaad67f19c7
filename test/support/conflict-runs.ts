/**
 * The set-up shared by the deletion-conflict e2e files (issue #14): HCL snippets for keys and
 * buckets, one initialised working directory per engine, and readers of a run's diagnostics.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlashbackClient } from '../../src/client';
import { type RunningEmulator, startEmulator } from '../../src/emulator';
import { engineEnv, formatRun, makeTempDir, removeDir, requireEngine, run, type RunResult, type TerraformLikeEngine } from './engines';
import { providerMirror } from './installed-provider';

const header = `
terraform {
  required_providers {
    flashback = { source = "flashback/flashback" }
  }
}
provider "flashback" {}
`;
/** The secret written for key `name`: distinctive, so that a test can look for it in every output. */
export const secretOf = (name: string) => `wo-secret-${name}-7f3a`;
export const key = (name: string, extra = '') => `
resource "flashback_provider_api_key" "${name}" {
  provider_type     = "AWS"
  key               = "AKIA${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}"
  secret_wo         = "${secretOf(name)}"
  secret_wo_version = 1
  region            = "eu-west-1"
  ${extra}
}`;
export const bucket = (name: string, keyName: string) => `
resource "flashback_storage_bucket" "${name}" {
  provider_api_key_id = flashback_provider_api_key.${keyName}.id
  name                = "${name}-@ENGINE@"
  bucket              = "${name}"
  storage_type        = "S3"
}`;
export const CBD = 'lifecycle {\n    create_before_destroy = true\n  }';

export interface ConflictSetup {
  /** The emulator's URL, a token and the workspace resources default to. */
  readonly apiUrl: string;
  readonly token: string;
  readonly workspaceId: string;
  /** The provider's filesystem mirror. */
  readonly mirror: string;
}

/** Every engine required, the provider's mirror and one emulator for a whole file; `close` in afterAll. */
export async function startConflictRig(prefix: string): Promise<{ emu: RunningEmulator; client: FlashbackClient; setup: ConflictSetup; close: () => Promise<void> }> {
  for (const e of ['terraform', 'terraform-latest', 'tofu']) requireEngine(e);
  const dataDir = makeTempDir(prefix);
  const mirror = await providerMirror(dataDir);
  const emu = await startEmulator({ port: 0, dataDir });
  const token = emu.seeded.users[0].token;
  const setup: ConflictSetup = { apiUrl: emu.url, token, workspaceId: emu.seeded.workspaces[0].id, mirror };
  const close = async () => {
    await emu.close();
    removeDir(dataDir);
  };
  return { emu, client: new FlashbackClient({ apiUrl: emu.url, token, env: {} }), setup, close };
}

/** One working directory per engine, initialised on its first run. Its temp directory (TMPDIR) is its own. */
export function workdir(engine: TerraformLikeEngine, setup: ConflictSetup) {
  const dir = makeTempDir(`fb-conflicts-${engine}-`);
  const tmpDir = join(dir, '.engine');
  const env = engineEnv({
    tmpDir,
    filesystemMirror: setup.mirror,
    env: { FLASHBACK_API_URL: setup.apiUrl, FLASHBACK_API_TOKEN: setup.token, FLASHBACK_WORKSPACE_ID: setup.workspaceId, TMPDIR: tmpDir },
  });
  let initialized = false;
  const tf = async (...args: string[]): Promise<RunResult> => {
    if (!initialized) {
      const init = await run(engine, ['init', '-no-color'], { cwd: dir, env });
      if (init.code !== 0) throw new Error(formatRun(init));
      initialized = true;
    }
    return run(engine, [...args, '-no-color'], { cwd: dir, env });
  };
  const write = (hcl: string) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'main.tf'), header + hcl.replaceAll('@ENGINE@', engine));
  };
  /** The ids Terraform holds, by address. */
  const ids = async (): Promise<Record<string, string>> => {
    const state = JSON.parse((await tf('show', '-json')).stdout) as { values?: { root_module: { resources?: { address: string; values: { id: string } }[] } } };
    return Object.fromEntries((state.values?.root_module.resources ?? []).map((r) => [r.address, r.values.id]));
  };
  return { dir, tmpDir, tf, write, ids };
}

/**
 * A run's messages as one line each: with -json, each line's message or diagnostic (the human
 * output folds warnings with the same summary into "and N more similar warnings"); otherwise the
 * output, its whitespace folded (Terraform wraps diagnostic text at 80 columns).
 */
type JsonLine = { '@message'?: string; diagnostic?: { severity: string; summary: string; detail?: string } };
function lines(r: RunResult): string[] {
  const text = r.stdout + r.stderr;
  if (!r.stdout.trimStart().startsWith('{')) return [text.replace(/[│╷╵]/g, ' ').replace(/\s+/g, ' ')];
  return text.split('\n').filter((l) => l.startsWith('{')).map((l) => {
    const j = JSON.parse(l) as JsonLine;
    const d = j.diagnostic;
    const line = d ? `${d.severity === 'error' ? 'Error' : 'Warning'}: ${d.summary} ${d.detail ?? ''}` : (j['@message'] ?? '');
    return line.replace(/\s+/g, ' ');
  });
}
export const flat = (r: RunResult) => lines(r).join(' ');
/** Each diagnostic of a -json run, as "Warning: summary detail" / "Error: summary detail". */
export const diagnostics = (r: RunResult) => lines(r).filter((d) => /^(Warning|Error): /.test(d));
/** The provider's summaries, longest first so that each diagnostic matches its own. */
const SUMMARIES = ['Provider API key deleted before the resources re-pointed from it', 'Provider API key still in use (deletion_protection)', 'Provider API key may still be in use', 'Provider API key still in use'];
export const summaryOf = (d: string) => {
  const [severity, rest] = [d.slice(0, d.indexOf(': ')), d.slice(d.indexOf(': ') + 2)];
  return `${severity}: ${SUMMARIES.find((s) => rest.startsWith(s)) ?? rest.slice(0, 60)}`;
};
/** The diagnostics about provider API keys (not Terraform's own, such as "Resource targeting is in effect"). */
export const keyDiagnostics = (r: RunResult) => diagnostics(r).filter((d) => SUMMARIES.some((s) => summaryOf(d).endsWith(s)));
/** A run that must succeed; its output is the failure message when it does not. */
export const ok = (r: RunResult) => expect(r.code === 0 ? 'exit 0' : formatRun(r)).toBe('exit 0');
