/**
 * A Pulumi project folder driven with the plain CLI (`pulumi preview/up/refresh/import/destroy`), the path users run:
 * YAML programs through the real `pulumi-language-yaml`, the native provider `pulumi-resource-flashback`, a file
 * backend and a PULUMI_HOME in a temp dir, passphrase secrets, offline, against a fresh emulator.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureBuilt } from '../../support/build';
import { type RunResult, engineEnv, formatRun, makeTempDir, removeDir, repoRoot, requireEngine, run } from '../../support/engines';
import { type TestEmulator, startTestEmulator } from '../../pulumi/support/emulator';

export const exampleDir = path.join(repoRoot, 'examples', 'pulumi-yaml');
export const pluginDir = path.join(repoRoot, 'bin');

export interface ProjectOptions {
  /** Pulumi.yaml text; `plugins.providers[].path` values are resolved against examples/pulumi-yaml. */
  projectYaml: string;
  /** Keep the `plugins:` block (the plugin by path); false drops it, for a plugin installed in PULUMI_HOME. */
  pluginByPath?: boolean;
  /** Extra environment (a value of undefined removes the variable). */
  env?: NodeJS.ProcessEnv;
  /** Set flashback:apiUrl/token/workspaceId in stack config (default true). */
  stackConfig?: boolean;
}

export interface CliProject {
  emu: TestEmulator;
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Runs `pulumi <args>` in the project folder; never throws for an exit code. */
  pulumi(args: readonly string[]): Promise<RunResult>;
  /** Like `pulumi`, but throws with the whole output unless the exit code is 0. */
  ok(args: readonly string[]): Promise<RunResult>;
  writeProject(yaml: string): void;
  /** `pulumi stack output --json --show-secrets`. */
  outputs(): Promise<Record<string, unknown>>;
  /** `pulumi stack export` (secrets encrypted) parsed: the resources. */
  resources(): Promise<StateResource[]>;
  /** The raw state file of the file backend. */
  stateFileText(): string;
  close(opts: { keep: boolean }): Promise<void>;
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** Pulumi.yaml with the plugin path made absolute (the project is copied out of examples/). */
export function absolutePluginPaths(yaml: string, base = exampleDir): string {
  return yaml.replace(/^(\s+path:\s*)(\S+)\s*$/gm, (_all, lead: string, p: string) => `${lead}${path.resolve(base, p)}`);
}

/** Pulumi.yaml without its `plugins:` block. */
export function withoutPluginsBlock(yaml: string): string {
  return yaml.replace(/^# The provider plugin of this checkout[\s\S]*?\n(?=\S)/m, '').replace(/^plugins:\n(?:[ \t]+.*\n|\s*\n)*/m, '');
}

export async function startCliProject(opts: ProjectOptions): Promise<CliProject> {
  requireEngine('pulumi');
  requireEngine('pulumi-language-yaml');
  ensureBuilt();
  const emu = await startTestEmulator();
  const root = makeTempDir('flashback-pulumi-cli-');
  const dir = path.join(root, 'project');
  fs.mkdirSync(dir);
  const env = engineEnv({
    tmpDir: root,
    env: {
      FLASHBACK_API_URL: undefined,
      FLASHBACK_API_TOKEN: undefined,
      FLASHBACK_REFRESH_TOKEN: undefined,
      FLASHBACK_WORKSPACE_ID: undefined,
      PULUMI_CONFIG: undefined,
      // Offline: loopback only.
      HTTP_PROXY: 'http://127.0.0.1:9',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost',
      ...opts.env,
    },
  });
  const writeProject = (yaml: string) => {
    const text = opts.pluginByPath === false ? withoutPluginsBlock(yaml) : absolutePluginPaths(yaml);
    fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), text);
  };
  writeProject(opts.projectYaml);

  const pulumi = (args: readonly string[]) => run('pulumi', [...args, '--non-interactive'], { cwd: dir, env, timeoutMs: 300_000 });
  const ok = async (args: readonly string[]) => {
    const r = await pulumi(args);
    if (r.code !== 0) throw new Error(`pulumi failed\n${formatRun(r)}`);
    return r;
  };
  await ok(['stack', 'init', 'dev']);
  if (opts.stackConfig !== false) {
    await ok(['config', 'set', 'flashback:apiUrl', emu.url]);
    await ok(['config', 'set', '--secret', 'flashback:token', emu.token]);
    await ok(['config', 'set', 'flashback:workspaceId', emu.workspaceId]);
  }
  const backendDir = (env.PULUMI_BACKEND_URL ?? '').replace(/^file:\/\//, '');
  const project = /^name:\s*(\S+)/m.exec(opts.projectYaml)?.[1] ?? '';
  return {
    emu,
    dir,
    env,
    pulumi,
    ok,
    writeProject,
    outputs: async () => JSON.parse((await ok(['stack', 'output', '--json', '--show-secrets'])).stdout) as Record<string, unknown>,
    resources: async () => (JSON.parse((await ok(['stack', 'export'])).stdout) as { deployment: { resources?: StateResource[] } }).deployment.resources ?? [],
    stateFileText: () => fs.readFileSync(path.join(backendDir, '.pulumi', 'stacks', project, 'dev.json'), 'utf8'),
    close: async ({ keep }) => {
      await emu.close();
      if (keep) console.warn(`pulumi cli e2e: keeping ${root} for inspection`);
      else removeDir(root);
    },
  };
}

/** Lines of CLI output that are warnings (the CLI prints `warning: ...`, or `  warning: ...` under a resource). */
export const warningLines = (r: RunResult): string[] => `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /^\s*warning\b/i.test(l));

export interface PreviewStep {
  op: string;
  urn: string;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, unknown> | null;
}

export interface PreviewJson {
  steps: PreviewStep[];
  changeSummary: Record<string, number>;
  diagnostics?: { message: string; severity: string; urn?: string }[];
}

export async function previewJson(p: CliProject, extra: readonly string[] = []): Promise<PreviewJson> {
  const r = await p.ok(['preview', '--json', ...extra]);
  return JSON.parse(r.stdout) as PreviewJson;
}

/** The steps of flashback resources that change something (the JSON preview leaves out `same`), op by name. */
export function opsByName(preview: PreviewJson): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of preview.steps) {
    const name = s.urn.split('::').pop() ?? s.urn;
    if (/::flashback:index:/.test(s.urn) && s.op !== 'same') out[name] = s.op;
  }
  return out;
}
