import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { routes } from '../../src/client/contract';
import { MASTER_KEY_ENV, type Seeded } from '../../src/emulator';
import { SEED, awsKey, expectOk, httpCall, startTestEmulator, tempDir } from './support';

const ROOT = resolve(__dirname, '../..');

describe('persistence across a graceful restart', () => {
  test('what was written is read back with the same ids, counts and tokens', async () => {
    const dir = tempDir();
    try {
      const a = await startTestEmulator({ dataDir: dir });
      const keyId = expectOk(routes.createApiKey, await a.call('POST', '/apikeys', { body: awsKey(a.ws.alpha, { description: 'persisted' }) })).apiKeyId;
      const bucket = { workspaceId: a.ws.alpha, name: 'persisted', bucket: 'b', storageType: 'S3', apiKeyUuid: keyId };
      const bucketId = expectOk(routes.createBucket, await a.call('POST', '/bucket', { body: bucket })).bucketId;
      const refreshed = expectOk(routes.refresh, await a.call('POST', '/user/refresh', { as: null, body: { refresh_token: 'ref-owner-0000' } })).accessToken;
      const keysBefore = (await a.call('GET', `/apikeys?workspaceId=${a.ws.alpha}`)).body;
      await a.stop();

      const b = await startTestEmulator({ dataDir: dir });
      try {
        expect(b.ws).toEqual(a.ws);
        expect((await b.call('GET', `/apikeys?workspaceId=${b.ws.alpha}`)).body).toEqual(keysBefore);
        const buckets = expectOk(routes.listBuckets, await b.call('GET', '/bucket')).buckets;
        expect(buckets).toEqual([expect.objectContaining({ id: bucketId, apiKeyId: keyId })]);
        expectOk(routes.listApiKeys, await b.call('GET', '/apikeys', { as: String(refreshed) })); // refreshed tokens survive too
      } finally {
        await b.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The CLI as a user runs it, compiled from the sources into a temporary directory (so the
 * test does not depend on a stale `dist/`), killed with SIGKILL right after its last
 * acknowledged write, and restarted on the same data dir.
 */
describe('persistence across kill -9 of the CLI', () => {
  let build: string;
  let children: ChildProcess[] = [];

  beforeAll(() => {
    build = tempDir('fbe-cli-build-');
    try {
      execFileSync(
        process.execPath,
        [
          require.resolve('typescript/bin/tsc'),
          ...['--outDir', build, '--rootDir', join(ROOT, 'src'), '--target', 'ES2022', '--module', 'commonjs', '--moduleResolution', 'node'],
          ...['--strict', '--esModuleInterop', '--skipLibCheck', '--resolveJsonModule', '--types', 'node', join(ROOT, 'src/cli/main.ts')],
        ],
        { stdio: 'pipe' },
      );
    } catch (e) {
      // Type errors elsewhere (work in progress) still emit JavaScript; fail only if nothing was emitted.
      if (!existsSync(join(build, 'cli/main.js'))) throw e;
    }
  }, 120_000);

  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(build, { recursive: true, force: true });
  });

  interface Ready {
    url: string;
    pid: number;
    seeded: Seeded;
  }

  async function startCli(dataDir: string, seedFile: string): Promise<{ child: ChildProcess; ready: Ready; output: () => string }> {
    const readyFile = join(dataDir, `ready-${Date.now()}.json`);
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: join(ROOT, 'node_modules') };
    delete env[MASTER_KEY_ENV];
    const child = spawn(process.execPath, [join(build, 'cli/main.js'), 'emulator', '--port', '0', '--data-dir', dataDir, '--seed', seedFile, '--ready-file', readyFile], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 20_000;
    while (!existsSync(readyFile)) {
      if (child.exitCode !== null) throw new Error(`the emulator exited with ${child.exitCode}: ${out}`);
      if (Date.now() > deadline) throw new Error(`the emulator did not become ready: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return { child, ready: JSON.parse(readFileSync(readyFile, 'utf8')) as Ready, output: () => out };
  }

  const exited = (c: ChildProcess): Promise<NodeJS.Signals | number | null> =>
    c.exitCode !== null || c.signalCode !== null ? Promise.resolve(c.signalCode ?? c.exitCode) : new Promise((r) => c.once('exit', (code, signal) => r(signal ?? code)));

  test('every acknowledged write survives SIGKILL', async () => {
    const dir = tempDir();
    const seedFile = join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(SEED));
    try {
      const first = await startCli(dir, seedFile);
      expect(first.output()).toContain(`Flashback API emulator listening on ${first.ready.url}`);
      const alpha = first.ready.seeded.workspaces.find((w) => w.name === 'alpha')?.id ?? '';
      const call = (method: string, path: string, body?: unknown) => httpCall(first.ready.url, method, path, { body });

      const keyIds: string[] = [];
      for (let i = 0; i < 20; i++) keyIds.push(expectOk(routes.createApiKey, await call('POST', '/apikeys', awsKey(alpha, { description: `k${i}` }))).apiKeyId);
      expectOk(routes.updateApiKey, await call('PUT', `/apikeys/${keyIds[0]}`, { description: 'updated' }));
      expectOk(routes.deleteApiKey, await call('DELETE', `/apikeys/${keyIds[1]}`));
      const bucketId = expectOk(routes.createBucket, await call('POST', '/bucket', { workspaceId: alpha, name: 'k9', bucket: 'b', storageType: 'S3', apiKeyUuid: keyIds[2] })).bucketId;
      // the last write, acknowledged, then SIGKILL at once: no shutdown, no checkpoint
      const lastId = expectOk(routes.createApiKey, await call('POST', '/apikeys', awsKey(alpha, { description: 'last' }))).apiKeyId;
      first.child.kill('SIGKILL');
      expect(await exited(first.child)).toBe('SIGKILL');
      expect(existsSync(join(dir, 'flashback-emulator.sqlite-wal'))).toBe(true); // recovery has work to do

      const second = await startCli(dir, seedFile);
      try {
        expect(second.ready.seeded).toEqual(first.ready.seeded); // same ids and tokens
        const keys = expectOk(routes.listApiKeys, await httpCall(second.ready.url, 'GET', `/apikeys?workspaceId=${alpha}`)).apiKeys;
        expect(keys.map((k) => k.id)).toEqual([...keyIds.filter((id) => id !== keyIds[1]), lastId]);
        expect(keys.find((k) => k.id === keyIds[0])?.description).toBe('updated');
        expect(keys.find((k) => k.id === keyIds[2])?.bucket_count).toBe(1);
        const buckets = expectOk(routes.listBuckets, await httpCall(second.ready.url, 'GET', '/bucket')).buckets;
        expect(buckets.map((b) => b.id)).toEqual([bucketId]);

        // and SIGTERM shuts down gracefully, exit code 0
        second.child.kill('SIGTERM');
        expect(await exited(second.child)).toBe(0);
        expect(second.output()).toContain('Received SIGTERM; shutting down the emulator');
      } finally {
        if (second.child.exitCode === null) second.child.kill('SIGKILL');
      }
    } finally {
      children = [];
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
