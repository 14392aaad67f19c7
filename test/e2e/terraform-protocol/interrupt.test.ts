/**
 * Ctrl-C during an apply: the terminal's SIGINT reaches the engine and our provider alike. The
 * provider ignores the signal; the engine sends StopProvider, which aborts the in-flight create
 * (the echo resource waits on `context.signal`), the engine exits, and no provider is left behind.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { enginePath, engineEnv, formatRun, makeTempDir, removeDir, requireEngine, run, type TerraformLikeEngine } from '../../support/engines';
import {
  SECRET,
  buildEchoProvider,
  removeEchoProvider,
  type EchoProviderBuild,
  orphansAfter,
  processesRunning,
  writeConfiguration,
} from './harness';

jest.setTimeout(300_000);

let provider: EchoProviderBuild;
beforeAll(() => (provider = buildEchoProvider()));
afterAll(() => removeEchoProvider(provider));

const ENGINES: TerraformLikeEngine[] = ['terraform', 'terraform-latest', 'tofu'];

describe.each(ENGINES)('%s interrupted during apply', (engine) => {
  let dir: string;
  let failed = true;

  beforeEach(() => {
    dir = makeTempDir(`flashback-interrupt-${engine}-`);
    failed = true;
  });
  afterEach(() => {
    if (failed) console.warn(`${engine}: keeping ${dir} for inspection`);
    else removeDir(dir);
  });

  it('stops the provider through StopProvider and leaves no process behind', async () => {
    requireEngine(engine);
    const work = join(dir, 'work');
    writeConfiguration(work, { storeDir: join(dir, 'store'), sleepMs: 120_000 });
    const env = engineEnv({ tmpDir: dir, filesystemMirror: provider.mirror, env: { TF_VAR_secret: SECRET } });
    const init = await run(engine, ['init', '-input=false', '-no-color'], { cwd: work, env });
    if (init.code !== 0) throw new Error(formatRun(init));

    // detached: its own process group, so the SIGINT below reaches the whole group as a terminal's Ctrl-C does.
    const child = spawn(enginePath(engine)!, ['apply', '-auto-approve', '-input=false', '-no-color'], {
      cwd: work,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const deadline = Date.now() + 60_000;
    while (!/Creating\.\.\./.test(output) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(output).toMatch(/Creating\.\.\./);
    expect(processesRunning(provider.entry)).not.toEqual([]);

    const interruptedAt = Date.now();
    process.kill(-child.pid!, 'SIGINT');
    const code = await exited;
    expect(code).not.toBe(0);
    expect(Date.now() - interruptedAt).toBeLessThan(20_000);
    expect(output).toMatch(/Operation cancelled/);
    expect(await orphansAfter(provider.entry)).toEqual([]);
    failed = false;
  });
});
