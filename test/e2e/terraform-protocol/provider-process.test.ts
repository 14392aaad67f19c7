/**
 * The shipped executable (bin/terraform-provider-flashback → dist/terraform/main.js) as a process,
 * launched the way go-plugin launches it: magic cookie, protocol negotiation, the one stdout line,
 * AutoMTLS, exit on Shutdown, SIGINT ignored, exit when the host dies, and debug mode.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MAGIC_COOKIE_VALUE, parseHandshakeLine } from '../../../src/terraform/protocol/handshake';
import { repoRoot, ensureBuilt } from '../../support/build';
import { PluginClient, clientCertificate } from '../../terraform/support/plugin-client';
import { buildEchoProvider, removeEchoProvider } from './harness';

jest.setTimeout(120_000);

const EXECUTABLE = join(repoRoot, 'bin', 'terraform-provider-flashback');
const client = clientCertificate();
const hostEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE,
  PLUGIN_PROTOCOL_VERSIONS: '5,6',
  PLUGIN_MIN_PORT: '10000',
  PLUGIN_MAX_PORT: '25000',
  PLUGIN_CLIENT_CERT: client.certificatePem,
  ...extra,
});

interface Launched {
  readonly child: ChildProcessWithoutNullStreams;
  readonly firstLine: Promise<string>;
  /** Everything written to stdout so far. */
  stdout(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

function launch(args: string[], env: NodeJS.ProcessEnv): Launched {
  const child = spawn(EXECUTABLE, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = new Promise<string>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n') + 1));
    });
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, firstLine, stdout: () => stdout, exited, stderr: () => stderr };
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const launched: Launched[] = [];

beforeAll(() => ensureBuilt());
afterAll(() => launched.forEach(({ child }) => child.exitCode === null && child.kill('SIGKILL')));

it('refuses to run without the magic cookie', async () => {
  const run = launch([], { ...process.env, TF_PLUGIN_MAGIC_COOKIE: '' });
  expect((await run.exited).code).toBe(1);
  expect(run.stdout()).toBe('');
  expect(run.stderr()).toMatch(/This binary is a plugin for Terraform and OpenTofu/);
});

it('refuses a host that does not offer protocol 6', async () => {
  const run = launch([], hostEnv({ PLUGIN_PROTOCOL_VERSIONS: '5' }));
  expect((await run.exited).code).toBe(1);
  expect(run.stdout()).toBe('');
  expect(run.stderr()).toMatch(/speaks plugin protocol 6 only/);
});

it('prints one handshake line, serves mTLS in the port range, ignores SIGINT, and exits on Shutdown', async () => {
  const run = launch([], hostEnv());
  launched.push(run);
  const line = await run.firstLine;
  const handshake = parseHandshakeLine(line);
  expect(line).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]{51,}\n$/);
  const port = Number(handshake.address.split(':')[1]);
  expect(port).toBeGreaterThanOrEqual(10000);
  expect(port).toBeLessThanOrEqual(25000);

  const rpc = new PluginClient(handshake, { serverCertificateDer: handshake.certificateDer!, client });
  const schema = await rpc.call<{ provider: { block: { attributes: Array<{ name: string; sensitive: boolean }> } } }>(
    'tfplugin6.Provider',
    'GetProviderSchema',
  );
  expect(schema.provider.block.attributes.map(({ name, sensitive }) => [name, sensitive])).toEqual([
    ['api_url', false],
    ['token', true],
    ['refresh_token', true],
    ['workspace_id', false],
  ]);

  // Ctrl-C reaches every process in the terminal's group; a plugin must leave it to the host.
  run.child.kill('SIGINT');
  await sleep(300);
  expect(run.child.exitCode).toBeNull();

  const asked = Date.now();
  await rpc.call('plugin.GRPCController', 'Shutdown');
  const exit = await run.exited;
  const exitMs = Date.now() - asked;
  rpc.close();
  expect(exit).toEqual({ code: 0, signal: null });
  expect(exitMs).toBeLessThan(1500);
  // Nothing but the handshake ever reached stdout.
  expect(run.stdout()).toBe(line);
});

it('keeps what modules print while loading off stdout', async () => {
  // The echo test provider prints with console.log when its module loads.
  const build = buildEchoProvider();
  const { entry } = build;
  const child = spawn(process.execPath, [entry], { env: hostEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  while (!stdout.includes('\n')) await sleep(20);
  child.kill('SIGKILL');
  await exited;
  expect(stdout).toMatch(/^1\|6\|tcp\|[^\n]+\n$/);
  expect(stderr).toContain('echo provider: module loaded');
  removeEchoProvider(build);
});

it('serves plaintext, with an empty certificate field, when the host disabled TLS', async () => {
  const run = launch([], hostEnv({ PLUGIN_CLIENT_CERT: undefined }));
  launched.push(run);
  const line = await run.firstLine;
  expect(line).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|\n$/);
  const rpc = new PluginClient(parseHandshakeLine(line), null);
  await expect(rpc.call('grpc.health.v1.Health', 'Check', { service: 'plugin' })).resolves.toEqual({ status: 1 });
  await rpc.call('plugin.GRPCController', 'Shutdown');
  rpc.close();
  expect((await run.exited).code).toBe(0);
});

it('exits by itself when the host process dies without calling Shutdown', async () => {
  // A shell stands in for Terraform: it starts the provider, prints its pid, waits for the
  // handshake (as a host does, so the provider knew its parent however loaded the machine), and dies.
  const env = hostEnv();
  const scratch = mkdtempSync(join(tmpdir(), 'fb-orphan-'));
  const handshake = join(scratch, 'handshake');
  const host = spawn('/bin/sh', ['-c', `"${EXECUTABLE}" >"${handshake}" 2>/dev/null & echo $!; while [ ! -s "${handshake}" ]; do sleep 0.05; done`], { env });
  const pid = await new Promise<number>((resolve) => host.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
  await new Promise((resolve) => host.on('exit', resolve));
  expect(isAlive(pid)).toBe(true);
  const deadline = Date.now() + 5000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  expect(isAlive(pid)).toBe(false);
  rmSync(scratch, { recursive: true, force: true });
});

it('runs in debug mode without a host: reattach value on stdout, plaintext unix socket, stops on SIGINT', async () => {
  const run = launch(['--debug'], { ...process.env, TF_PLUGIN_MAGIC_COOKIE: '' });
  launched.push(run);
  const line = await run.firstLine;
  const reattach = JSON.parse(/^TF_REATTACH_PROVIDERS='(.*)'\n$/.exec(line)![1]) as Record<
    string,
    { Pid: number; Addr: { Network: 'unix'; String: string } }
  >;
  const { Pid, Addr } = reattach['registry.terraform.io/flashback/flashback'];
  expect(Pid).toBe(run.child.pid);
  const rpc = new PluginClient({ network: 'unix', address: Addr.String }, null);
  await expect(rpc.call('tfplugin6.Provider', 'GetProviderSchema')).resolves.toHaveProperty('provider');
  rpc.close();
  run.child.kill('SIGINT');
  expect(await run.exited).toEqual({ code: 0, signal: null });
  expect(existsSync(dirname(Addr.String))).toBe(false);
});

it('reaches the handshake on every start', async () => {
  // How fast is measured by bench/terraform (median over 20 starts), not asserted here.
  for (let i = 0; i < 5; i++) {
    const run = launch([], hostEnv());
    launched.push(run);
    expect(parseHandshakeLine(await run.firstLine)).toMatchObject({ network: 'tcp', certificateDer: expect.any(Buffer) });
    run.child.kill('SIGKILL');
    await run.exited;
  }
});
