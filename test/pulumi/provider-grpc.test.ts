/**
 * The Flashback dynamic resources through the dynamic-provider server shipped in @pulumi/pulumi, over gRPC, against
 * the emulator: the real serialized shim (from dist/), the real `requireFromString`, `configure` with stack config,
 * and every lifecycle call the engine makes. No Pulumi CLI.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { ensureBuilt, distDir } from '../support/build';
import { type Bag, ProviderServer } from './support/provider-server';
import { type TestEmulator, startTestEmulator } from './support/emulator';

// Every call goes over gRPC to a real dynamic-provider process and over HTTP to the emulator: never jest's 5 s default.
jest.setTimeout(60_000);

type ShimModule = typeof import('../../src/pulumi/shim');

const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
const urn = (type: string, name: string) => `urn:pulumi:test::flashback-test::pulumi-nodejs:dynamic/flashback:${type}::${name}`;

let emu: TestEmulator;
let server: ProviderServer;
let shims: Record<'ProviderApiKey' | 'StorageBucket' | 'AiLlm', string>;
let cwd: string;

/** The exact `__provider` text a program would store, made from the built package. */
async function serializedShim(kind: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { providerShim } = require(path.join(distDir, 'pulumi', 'shim.js')) as ShimModule;
  const shim = providerShim(kind);
  return (await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true })).text;
}

beforeAll(async () => {
  ensureBuilt();
  emu = await startTestEmulator();
  shims = {
    ProviderApiKey: await serializedShim('ProviderApiKey'),
    StorageBucket: await serializedShim('StorageBucket'),
    AiLlm: await serializedShim('AiLlm'),
  };
  // A program directory without node_modules/flashback-iac: the shim falls back to the recorded dist path.
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'flashback-pulumi-cwd-'));
  server = await ProviderServer.start({ cwd, env: { FLASHBACK_API_URL: '', FLASHBACK_API_TOKEN: '', FLASHBACK_WORKSPACE_ID: '' } });
  await server.configure(emu.config);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await emu?.close();
  if (cwd) fs.rmSync(cwd, { recursive: true, force: true });
});

const key = (extra: Bag = {}): Bag => ({ providerType: 'AWS', key: 'AKIAEXAMPLE', secret: 'first-secret', region: 'eu-west-1', __provider: shims.ProviderApiKey, ...extra });

async function createKey(name: string, extra: Bag = {}): Promise<{ id: string; outs: Bag; inputs: Bag }> {
  const checked = await server.check(urn('ProviderApiKey', name), {}, key(extra));
  expect(checked.failures).toEqual([]);
  const created = await server.create(urn('ProviderApiKey', name), checked.inputs);
  return { id: created.id, outs: created.properties, inputs: checked.inputs };
}

describe('dynamic-provider server over gRPC', () => {
  it('accepts no secrets from the engine (it sends plaintext) and configures from stack config', async () => {
    const other = await ProviderServer.start({ cwd });
    try {
      expect(await other.configure({})).toEqual({ acceptSecrets: false });
    } finally {
      await other.stop();
    }
  });

  it('check fills the workspace from flashback:workspaceId and names each bad field', async () => {
    const ok = await server.check(urn('ProviderApiKey', 'k'), {}, key());
    expect(ok.failures).toEqual([]);
    expect(ok.inputs).toMatchObject({ workspaceId: emu.workspaceId, providerType: 'AWS', __provider: shims.ProviderApiKey });

    const bad = await server.check(urn('ProviderApiKey', 'k'), {}, key({ providerType: 'aws', endpoint: 'not a url', secret: undefined, tenantId: 't', bogus: 1 }));
    expect(bad.failures).toEqual([
      { property: 'providerType', reason: 'providerType must be an upper-case provider name such as AWS, GCP, AZURE, OPENAI or ANTHROPIC; got "aws"' },
      { property: 'secret', reason: expect.stringMatching(/^secret is required: The credential's secret part\./) },
      { property: 'endpoint', reason: 'endpoint must be an absolute http(s) URL such as https://s3.eu-west-1.amazonaws.com; got "not a url"' },
      { property: 'tenantId', reason: 'tenantId applies only to AZURE keys; remove it or set the provider type to AZURE' },
      { property: 'bogus', reason: expect.stringMatching(/^bogus is not an input of ProviderApiKey; inputs are workspaceId, providerType, key, secret/) },
    ]);

    const wrongType = await server.check(urn('ProviderApiKey', 'k'), {}, key({ region: 42 }));
    expect(wrongType.failures).toEqual([{ property: 'region', reason: 'region must be a string; got 42' }]);
  });

  it('check skips values unknown during preview', async () => {
    const r = await server.check(urn('StorageBucket', 'b'), {}, { providerApiKeyId: UNKNOWN, name: 'b', bucket: 'b', storageType: 'S3', workspaceId: UNKNOWN, __provider: shims.StorageBucket });
    expect(r.failures).toEqual([]);
    expect(r.inputs.providerApiKeyId).toBe(UNKNOWN);
  });

  it('creates a key whose outputs hold the secret (for diffs) and what the API reports', async () => {
    const { id, outs } = await createKey('create');
    expect(id).toMatch(/\S/);
    expect(outs).toMatchObject({ workspaceId: emu.workspaceId, providerType: 'AWS', key: 'AKIAEXAMPLE', secret: 'first-secret', region: 'eu-west-1', bucketCount: 0, aiLlmCount: 0 });
    expect(typeof outs.createdAt).toBe('string');
    expect(outs.__provider).toBe(shims.ProviderApiKey);
    const [apiKey] = (await emu.client.apiKeys.list({ workspaceId: emu.workspaceId })).filter((k) => k.id === id);
    expect(apiKey).toMatchObject({ provider: 'AWS', key: 'AKIAEXAMPLE', region: 'eu-west-1' });
  });

  it('diff: rotation and other changes are in-place updates; workspace and provider type replace; unknowns count as changes', async () => {
    const { id, outs, inputs } = await createKey('diff');
    const u = urn('ProviderApiKey', 'diff');
    expect(await server.diff(u, id, outs, inputs)).toEqual({ changes: 1, replaces: [], deleteBeforeReplace: false });
    expect(await server.diff(u, id, outs, { ...inputs, secret: 'rotated' })).toEqual({ changes: 2, replaces: [], deleteBeforeReplace: false });
    for (const [prop, value] of [['key', 'AKIAOTHER'], ['description', 'd'], ['endpoint', 'https://s3.example.test'], ['region', 'us-east-1']]) {
      expect(await server.diff(u, id, outs, { ...inputs, [prop]: value })).toMatchObject({ changes: 2, replaces: [] });
    }
    expect(await server.diff(u, id, outs, { ...inputs, providerType: 'GCP' })).toMatchObject({ changes: 2, replaces: ['providerType'] });
    expect(await server.diff(u, id, outs, { ...inputs, workspaceId: emu.otherWorkspaceId })).toMatchObject({ changes: 2, replaces: ['workspaceId'] });
    expect(await server.diff(u, id, outs, { ...inputs, secret: UNKNOWN })).toMatchObject({ changes: 2, replaces: [] });
    expect(await server.diff(u, id, outs, { ...inputs, providerType: UNKNOWN })).toMatchObject({ changes: 2, replaces: ['providerType'] });
    // Dropping an optional input clears it.
    const { region: _r, ...noRegion } = inputs;
    expect(await server.diff(u, id, outs, noRegion)).toMatchObject({ changes: 2, replaces: [] });
  });

  it('update rotates the secret and edits fields in place: same id, full outputs', async () => {
    const { id, outs, inputs } = await createKey('update');
    const news = { ...inputs, secret: 'second-secret', description: 'rotated', region: undefined };
    delete news.region;
    const updated = await server.update(urn('ProviderApiKey', 'update'), id, outs, news);
    expect(updated.properties).toMatchObject({ workspaceId: emu.workspaceId, providerType: 'AWS', secret: 'second-secret', description: 'rotated', createdAt: outs.createdAt });
    expect(updated.properties.region).toBeUndefined();
    const [apiKey] = (await emu.client.apiKeys.list({ workspaceId: emu.workspaceId })).filter((k) => k.id === id);
    expect(apiKey).toMatchObject({ description: 'rotated' });
    expect(apiKey.region ?? undefined).toBeUndefined();
  });

  it('read makes refresh exact: drift is reported; an object deleted outside Pulumi reads as gone', async () => {
    const { id, outs } = await createKey('read');
    await emu.client.apiKeys.update(id, { description: 'changed outside', region: null } as never);
    // A refresh is a new provider process (list answers are shared within one operation only).
    const refresh = await ProviderServer.start({ cwd });
    await refresh.configure(emu.config);
    const r = await refresh.read(urn('ProviderApiKey', 'read'), id, outs);
    expect(r.id).toBe(id);
    expect(r.properties).toMatchObject({ description: 'changed outside', secret: 'first-secret', bucketCount: 0 });
    expect(r.properties.region).toBeUndefined();
    expect(r.inputs).toMatchObject({ description: 'changed outside', secret: 'first-secret', providerType: 'AWS' });
    expect(r.inputs?.createdAt).toBeUndefined();

    await emu.client.apiKeys.delete(id);
    const again = await ProviderServer.start({ cwd });
    await again.configure(emu.config);
    const gone = await again.read(urn('ProviderApiKey', 'read'), id, outs);
    expect(gone.id).toBe('');
    await refresh.stop();
    await again.stop();
  });

  it('buckets and AI models: re-pointing is an in-place update; the key counts its users; a key in use cannot be deleted', async () => {
    const k1 = await createKey('users-1');
    const k2 = await createKey('users-2');
    const bucketIn = { providerApiKeyId: k1.id, name: `logs-${Date.now()}`, bucket: 'acme-logs', storageType: 'S3', __provider: shims.StorageBucket };
    const bc = await server.check(urn('StorageBucket', 'logs'), {}, bucketIn);
    expect(bc.failures).toEqual([]);
    const bucket = await server.create(urn('StorageBucket', 'logs'), bc.inputs);
    expect(bucket.properties).toMatchObject({ providerApiKeyId: k1.id, workspaceId: emu.workspaceId, storageType: 'S3' });

    const llmIn = { providerApiKeyId: k1.id, name: 'assistant', aiType: 'OPENAI', __provider: shims.AiLlm };
    const lc = await server.check(urn('AiLlm', 'assistant'), {}, llmIn);
    expect(lc.failures).toEqual([]);
    const llm = await server.create(urn('AiLlm', 'assistant'), lc.inputs);

    const readK1 = await server.read(urn('ProviderApiKey', 'users-1'), k1.id, k1.outs);
    expect(readK1.properties).toMatchObject({ bucketCount: 1, aiLlmCount: 1 });

    await expect(server.delete(urn('ProviderApiKey', 'users-1'), k1.id, k1.outs)).rejects.toThrow(
      new RegExp(`Deleting provider API key ${k1.id} \\(workspace ${emu.workspaceId}\\) would fail: 2 resources still use it:\\n  - storage bucket "${bucketIn.name}" \\(id ${bucket.id}, workspace ${emu.workspaceId}\\)\\n  - AI model "assistant" \\(id ${llm.id}, workspace ${emu.workspaceId}\\)`),
    );
    // In Pulumi's words: the reference is providerApiKeyId.
    await expect(server.delete(urn('ProviderApiKey', 'users-1'), k1.id, k1.outs)).rejects.toThrow('Point these at another key (providerApiKeyId) or delete them');

    const moved = { ...bc.inputs, providerApiKeyId: k2.id };
    expect(await server.diff(urn('StorageBucket', 'logs'), bucket.id, bucket.properties, moved)).toMatchObject({ changes: 2, replaces: [] });
    expect(await server.diff(urn('StorageBucket', 'logs'), bucket.id, bucket.properties, { ...bc.inputs, storageType: 'GCS' })).toMatchObject({ replaces: ['storageType'] });
    const movedOut = await server.update(urn('StorageBucket', 'logs'), bucket.id, bucket.properties, moved);
    expect(movedOut.properties.providerApiKeyId).toBe(k2.id);
    await server.update(urn('AiLlm', 'assistant'), llm.id, llm.properties, { ...lc.inputs, providerApiKeyId: k2.id });

    await server.delete(urn('ProviderApiKey', 'users-1'), k1.id, k1.outs);
    expect((await emu.client.apiKeys.list({ workspaceId: emu.workspaceId })).map((k) => k.id)).not.toContain(k1.id);
    await server.delete(urn('StorageBucket', 'logs'), bucket.id, movedOut.properties);
    await server.delete(urn('AiLlm', 'assistant'), llm.id, llm.properties);
    await server.delete(urn('ProviderApiKey', 'users-2'), k2.id, k2.outs);
    // Deleting what is already gone succeeds.
    await server.delete(urn('ProviderApiKey', 'users-2'), k2.id, k2.outs);
  });

  it('adoption takes over an existing key without creating one, then applies the declared inputs (the secret) in place', async () => {
    const existingId = await emu.client.apiKeys.create({ workspaceId: emu.workspaceId, provider: 'GCP', key: 'gcp-key', secret: 'old-secret', description: 'made by hand' });
    const before = (await emu.client.apiKeys.list({ workspaceId: emu.workspaceId })).length;
    const inputs = { providerType: 'GCP', key: 'gcp-key', secret: 'declared-secret', description: 'now managed', adoptId: existingId, __provider: shims.ProviderApiKey };
    const checked = await server.check(urn('ProviderApiKey', 'adopted'), {}, inputs);
    expect(checked.failures).toEqual([]);
    const adopted = await server.create(urn('ProviderApiKey', 'adopted'), checked.inputs);
    expect(adopted.id).toBe(existingId);
    expect(adopted.properties).toMatchObject({ description: 'now managed', secret: 'declared-secret', providerType: 'GCP' });
    expect(adopted.properties.adoptId).toBeUndefined();
    const after = await emu.client.apiKeys.list({ workspaceId: emu.workspaceId });
    expect(after.length).toBe(before);
    expect(after.find((k) => k.id === existingId)?.description).toBe('now managed');
    // After adoption, adoptId makes no difference.
    expect(await server.diff(urn('ProviderApiKey', 'adopted'), existingId, adopted.properties, checked.inputs)).toMatchObject({ changes: 1 });
    const { adoptId: _a, ...withoutAdopt } = checked.inputs;
    expect(await server.diff(urn('ProviderApiKey', 'adopted'), existingId, adopted.properties, withoutAdopt)).toMatchObject({ changes: 1 });

    await expect(server.create(urn('ProviderApiKey', 'ghost'), { ...checked.inputs, adoptId: 'no-such-key' })).rejects.toThrow(
      `Cannot adopt provider API key no-such-key: it does not exist in workspace ${emu.workspaceId}.`,
    );
    await expect(server.create(urn('ProviderApiKey', 'mismatch'), { ...checked.inputs, providerType: 'AWS' })).rejects.toThrow(
      `Cannot adopt provider API key ${existingId}: providerType is "GCP" but the program declares "AWS". Those cannot change in place`,
    );
    await server.delete(urn('ProviderApiKey', 'adopted'), existingId, adopted.properties);
  });

  it('the implementation is resolved from the program directory first (the installed package wins over the recorded path)', async () => {
    const programDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flashback-pulumi-installed-'));
    const fake = path.join(programDir, 'node_modules', 'flashback-iac', 'dist', 'pulumi');
    fs.mkdirSync(fake, { recursive: true });
    fs.writeFileSync(
      path.join(fake, 'provider-impl.js'),
      `const real = require(${JSON.stringify(path.join(distDir, 'pulumi', 'provider-impl.js'))});\n` +
        `module.exports = { ...real, check: async () => ({ inputs: {}, failures: [{ property: 'x', reason: 'installed copy from ' + __filename }] }) };\n`,
    );
    const other = await ProviderServer.start({ cwd: programDir });
    try {
      await other.configure(emu.config);
      const r = await other.check(urn('ProviderApiKey', 'k'), {}, key());
      expect(r.failures).toEqual([{ property: 'x', reason: `installed copy from ${path.join(fake, 'provider-impl.js')}` }]);
    } finally {
      await other.stop();
      fs.rmSync(programDir, { recursive: true, force: true });
    }
  });

  it('without a token, calls that need the API say where to put one', async () => {
    const other = await ProviderServer.start({ cwd, env: { FLASHBACK_API_TOKEN: '' } });
    try {
      await other.configure({ 'flashback:apiUrl': emu.url });
      await expect(other.create(urn('ProviderApiKey', 'k'), { ...key(), workspaceId: emu.workspaceId })).rejects.toThrow(
        'No Flashback API token: set it with `pulumi config set --secret flashback:token <token>` or the FLASHBACK_API_TOKEN environment variable',
      );
    } finally {
      await other.stop();
    }
  });
});
