/**
 * Debug mode: the test starts the provider itself (`--debug`: plaintext on a unix socket), reads
 * the TF_REATTACH_PROVIDERS value it prints, and every engine command attaches to that one
 * process (Test: true keeps Terraform from shutting it down), from init to destroy.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  engineEnv,
  formatRun,
  makeTempDir,
  removeDir,
  requireEngine,
  run,
  type RunResult,
  type TerraformLikeEngine,
} from '../../support/engines';
import {
  SECRET,
  buildEchoProvider,
  removeEchoProvider,
  type EchoProviderBuild,
  processesRunning,
  writeConfiguration,
} from './harness';

jest.setTimeout(300_000);

let build: EchoProviderBuild;
beforeAll(() => (build = buildEchoProvider()));
afterAll(() => removeEchoProvider(build));

const ENGINES: TerraformLikeEngine[] = ['terraform', 'terraform-latest', 'tofu'];

interface DebugProvider {
  readonly child: ChildProcessWithoutNullStreams;
  readonly reattach: string;
  readonly socket: string;
}

async function startDebugProvider(entry: string): Promise<DebugProvider> {
  const child = spawn(process.execPath, [entry, '--debug'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
    });
    child.on('exit', (code) => reject(new Error(`debug provider exited with ${code}`)));
  });
  const match = /^TF_REATTACH_PROVIDERS='(.*)'$/.exec(line);
  if (match === null) throw new Error(`unexpected debug line: ${line}`);
  const reattach = match[1];
  const parsed = JSON.parse(reattach) as Record<string, { Pid: number; Test: boolean; Addr: { Network: string; String: string } }>;
  // One entry per engine's registry host, so the same value serves Terraform and OpenTofu.
  expect(Object.keys(parsed)).toEqual(['registry.terraform.io/flashback/flashback', 'registry.opentofu.org/flashback/flashback']);
  const entryValue = parsed['registry.terraform.io/flashback/flashback'];
  expect(parsed['registry.opentofu.org/flashback/flashback']).toEqual(entryValue);
  expect(entryValue).toMatchObject({ Protocol: 'grpc', ProtocolVersion: 6, Pid: child.pid, Test: true, Addr: { Network: 'unix' } });
  return { child, reattach, socket: entryValue.Addr.String };
}

describe.each(ENGINES)('%s attached to a provider started with --debug', (engine) => {
  let dir: string;
  let provider: DebugProvider | null = null;
  let failed = true;

  beforeEach(() => {
    dir = makeTempDir(`flashback-reattach-${engine}-`);
    failed = true;
  });
  afterEach(() => {
    if (provider !== null && provider.child.exitCode === null) provider.child.kill('SIGKILL');
    if (failed) console.warn(`${engine}: keeping ${dir} for inspection`);
    else removeDir(dir);
  });

  it('serves init, plan, apply, an empty plan and destroy from one process, then stops on SIGTERM', async () => {
    requireEngine(engine);
    provider = await startDebugProvider(build.entry);
    const debug = provider;
    const work = join(dir, 'work');
    writeConfiguration(work, { storeDir: join(dir, 'store') });
    const env = engineEnv({ tmpDir: dir, env: { TF_REATTACH_PROVIDERS: debug.reattach, TF_VAR_secret: SECRET } });

    const tf = async (args: string[], expectedCode = 0): Promise<RunResult> => {
      const result = await run(engine, args, { cwd: work, env });
      if (result.code !== expectedCode) throw new Error(`expected exit ${expectedCode}\n${formatRun(result)}`);
      // Terraform launched nothing of its own: the only provider process is ours, still alive.
      expect(processesRunning(build.entry)).toEqual([debug.child.pid]);
      return result;
    };

    await tf(['init', '-input=false', '-no-color']);
    await tf(['plan', '-input=false', '-no-color', '-out=plan.tfplan']);
    expect(await tf(['show', '-json', 'plan.tfplan']).then((r) => r.stdout)).not.toContain(SECRET);
    const applied = await tf(['apply', '-input=false', '-no-color', 'plan.tfplan']);
    expect(applied.stdout).toMatch(/Resources: 1 added/);
    expect(await tf(['show', '-json']).then((r) => r.stdout)).not.toContain(SECRET);
    await tf(['plan', '-detailed-exitcode', '-input=false', '-no-color']);
    const destroyed = await tf(['destroy', '-auto-approve', '-input=false', '-no-color']);
    expect(destroyed.stdout).toMatch(/Resources: 1 destroyed/);

    const exited = new Promise<number | null>((resolve) => debug.child.on('exit', (code) => resolve(code)));
    debug.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(dirname(debug.socket))).toBe(false);
    failed = false;
  });
});
