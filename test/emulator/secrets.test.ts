import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { routes } from '../../src/client/contract';
import { MASTER_KEY_ENV, startEmulator } from '../../src/emulator';
import { SEED, type TestEmulator, awsKey, expectOk, httpCall, startTestEmulator, tempDir } from './support';

/** Every file SQLite keeps in the data dir: the database, its WAL and shared-memory index. */
function rawFiles(dir: string): Buffer[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith('flashback-emulator.sqlite'))
    .map((f) => readFileSync(join(dir, f)));
}

function findIn(files: Buffer[], secret: string): boolean {
  const forms = [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le'), Buffer.from(Buffer.from(secret).toString('base64')), Buffer.from(Buffer.from(secret).toString('hex'))];
  return files.some((f) => forms.some((form) => f.includes(form)));
}

describe('secrets at rest', () => {
  let t: TestEmulator;
  const secrets = {
    apiKey: `api-secret-${randomBytes(8).toString('hex')}`,
    rotated: `rotated-secret-${randomBytes(8).toString('hex')}`,
    bucket: `bucket-secret-${randomBytes(8).toString('hex')}`,
    llmKey: `sk-llm-${randomBytes(8).toString('hex')}`,
    llmSecret: `llm-secret-${randomBytes(8).toString('hex')}`,
  };
  const savedEnv = process.env[MASTER_KEY_ENV];
  beforeAll(async () => {
    delete process.env[MASTER_KEY_ENV]; // so that master.key is generated
    t = await startTestEmulator({ masterKey: undefined });
  });
  afterAll(async () => {
    if (savedEnv !== undefined) process.env[MASTER_KEY_ENV] = savedEnv;
    await t.stop();
  });

  test('the database files never hold a secret or a token in plaintext, and no response returns one', async () => {
    const { apiKeyId } = expectOk(routes.createApiKey, await t.call('POST', '/apikeys', { body: awsKey(t.ws.alpha, { secret: secrets.apiKey }) }));
    expectOk(routes.updateApiKey, await t.call('PUT', `/apikeys/${apiKeyId}`, { body: { secret: secrets.rotated } }));
    const bucket = { workspaceId: t.ws.alpha, name: 'secret-bucket', bucket: 'b', storageType: 'S3', key: 'AKIAB', secret: secrets.bucket };
    expectOk(routes.createBucket, await t.call('POST', '/bucket', { body: bucket }));
    const llm = { workspaceId: t.ws.alpha, name: 'secret-llm', aiType: 'OPENAI', key: secrets.llmKey, secret: secrets.llmSecret };
    expectOk(routes.createAiLlm, await t.call('POST', '/ai/llm', { body: llm }));
    const refreshed = expectOk(routes.refresh, await t.call('POST', '/user/refresh', { as: null, body: { refresh_token: 'ref-owner-0000' } }));

    const responses = await Promise.all(['/apikeys', '/bucket', '/ai/llm', '/workspace'].map((p) => t.call('GET', p)));
    const everything = JSON.stringify(responses.map((r) => r.body));
    for (const s of Object.values(secrets)) expect(everything).not.toContain(s);
    expect(everything).not.toContain(secrets.llmKey.slice(0, 10));

    const files = rawFiles(t.dir);
    expect(files.length).toBeGreaterThanOrEqual(2); // db + WAL while running
    expect(Buffer.concat(files).includes(Buffer.from('secret-bucket'))).toBe(true); // the scan does see plain columns
    for (const s of [...Object.values(secrets), 'tok-owner-0000', 'ref-owner-0000', String(refreshed.accessToken)]) expect(findIn(files, s)).toBe(false);
  });

  test('master.key is created with mode 0600 and holds 32 random bytes', () => {
    const file = join(t.dir, 'master.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
  });
});

describe('master key', () => {
  const savedEnv = process.env[MASTER_KEY_ENV];
  afterEach(() => {
    if (savedEnv === undefined) delete process.env[MASTER_KEY_ENV];
    else process.env[MASTER_KEY_ENV] = savedEnv;
  });

  test('the generated key is reused; another key is refused loudly', async () => {
    delete process.env[MASTER_KEY_ENV];
    const dir = tempDir();
    try {
      const a = await startEmulator({ dataDir: dir, seed: SEED });
      const body = awsKey(a.seeded.workspaces[0].id);
      expectOk(routes.createApiKey, await httpCall(a.url, 'POST', '/apikeys', { body }));
      await a.close();
      const key = readFileSync(join(dir, 'master.key'), 'utf8');
      const b = await startEmulator({ dataDir: dir, seed: SEED });
      await b.close();
      expect(readFileSync(join(dir, 'master.key'), 'utf8')).toBe(key);
      await expect(startEmulator({ dataDir: dir, seed: SEED, masterKey: randomBytes(32) })).rejects.toThrow(
        `The master key from option does not open the secrets in ${dir}: that data dir was created with another key`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`${MASTER_KEY_ENV} (hex or base64) is used instead of a file`, async () => {
    const key = randomBytes(32);
    for (const encoded of [key.toString('hex'), key.toString('base64')]) {
      const dir = tempDir();
      process.env[MASTER_KEY_ENV] = encoded;
      try {
        const a = await startEmulator({ dataDir: dir, seed: SEED });
        await a.close();
        expect(existsSync(join(dir, 'master.key'))).toBe(false);
        process.env[MASTER_KEY_ENV] = key.toString(encoded.length === 64 ? 'base64' : 'hex'); // same key, other spelling
        const b = await startEmulator({ dataDir: dir, seed: SEED });
        await b.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  test('a key of the wrong length is refused', async () => {
    const dir = tempDir();
    try {
      process.env[MASTER_KEY_ENV] = randomBytes(16).toString('base64');
      await expect(startEmulator({ dataDir: dir })).rejects.toThrow(`${MASTER_KEY_ENV}: the master key must be 32 bytes written as base64 or hex (64 hex digits)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
