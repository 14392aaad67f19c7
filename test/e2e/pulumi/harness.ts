/**
 * Real Pulumi CLI runs of inline programs (Automation API) against the emulator: file backend in a temp dir,
 * passphrase secrets, offline. The CLI comes from `npm run engines`; a missing one fails the test.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from '@pulumi/pulumi/automation';
import { ensureBuilt } from '../../support/build';
import { definedEnv, engineEnv, engineEnvInfo, makeTempDir, pulumiRoot, removeDir, requireEngine, runOk } from '../../support/engines';
import { type TestEmulator, startTestEmulator } from '../../pulumi/support/emulator';

export interface PulumiHarness {
  emu: TestEmulator;
  stack: Stack;
  dir: string;
  workDir: string;
  env: NodeJS.ProcessEnv;
  /** `pulumi stack export` as the CLI prints it (no --show-secrets; the Automation API's exportStack shows them). */
  exportText(): Promise<string>;
  /** The raw state file of the file backend. */
  stateFileText(): string;
  close(opts: { keep: boolean }): Promise<void>;
}

export async function startPulumi(projectName: string, program: PulumiFn, opts: { faults?: boolean } = {}): Promise<PulumiHarness> {
  requireEngine('pulumi');
  requireEngine('pulumi-resource-pulumi-nodejs');
  ensureBuilt();
  const emu = await startTestEmulator(opts);
  const dir = makeTempDir('flashback-pulumi-e2e-');
  const env = engineEnv({
    tmpDir: dir,
    env: {
      // Credentials only through stack config; nothing inherited.
      FLASHBACK_API_URL: undefined,
      FLASHBACK_API_TOKEN: undefined,
      FLASHBACK_REFRESH_TOKEN: undefined,
      FLASHBACK_WORKSPACE_ID: undefined,
      // Offline: loopback only.
      HTTP_PROXY: 'http://127.0.0.1:9',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost',
    },
  });
  const info = engineEnvInfo(env);
  const workDir = path.join(dir, 'work');
  fs.mkdirSync(workDir);
  const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: 'dev', projectName, program },
    {
      workDir,
      pulumiHome: info.pulumiHome,
      pulumiCommand,
      envVars: definedEnv(env),
      projectSettings: { name: projectName, runtime: 'nodejs', backend: { url: env.PULUMI_BACKEND_URL! } },
    },
  );
  await stack.setConfig('flashback:apiUrl', { value: emu.url });
  await stack.setConfig('flashback:token', { value: emu.token, secret: true });
  await stack.setConfig('flashback:workspaceId', { value: emu.workspaceId });
  return {
    emu,
    stack,
    dir,
    workDir,
    env,
    exportText: async () => (await runOk('pulumi', ['stack', 'export', '--stack', 'dev'], { cwd: workDir, env })).stdout,
    stateFileText: () => fs.readFileSync(path.join(info.pulumiBackendDir, '.pulumi', 'stacks', projectName, 'dev.json'), 'utf8'),
    close: async ({ keep }) => {
      await emu.close();
      if (keep) console.warn(`pulumi e2e: keeping ${dir} for inspection`);
      else removeDir(dir);
    },
  };
}

/** The error message of an operation expected to fail (the CLI's full output). */
export async function failure(op: Promise<unknown>): Promise<string> {
  try {
    await op;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('expected the operation to fail, and it succeeded');
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** Resources of a `pulumi stack export` document. */
export function stateResources(exportText: string): StateResource[] {
  const doc = JSON.parse(exportText) as { deployment: { resources?: StateResource[] } };
  return doc.deployment.resources ?? [];
}
