/**
 * The native provider process (dist/pulumi/native/main.js, what bin/pulumi-resource-flashback runs) over gRPC with
 * no CLI, against the emulator: the configuration the SDK's server would drop reaches it, secrets travel in Pulumi's
 * wire form both ways, import reads by <workspace_id>/<id>, and check failures name the property. The same rules
 * under the real CLI: test/e2e/pulumi-native/.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt, distDir } from '../support/build';
import { type TestEmulator, startTestEmulator } from './support/emulator';
import { ProviderServer } from './support/provider-server';

jest.setTimeout(120_000);

const SIG = '4dabf18193072939515e22adb298388d';
const SECRET = '1b47061264138c4ac30d75fd1eb44270';
const secret = (value: unknown) => ({ [SIG]: SECRET, value });
const urn = (type: string, name: string) => `urn:pulumi:dev::native-test::flashback:index:${type}::${name}`;
const KEY = urn('ProviderApiKey', 'key');

let emu: TestEmulator;
let server: ProviderServer;

beforeAll(async () => {
  ensureBuilt();
  emu = await startTestEmulator();
  // No FLASHBACK_* in the environment: everything must come through Configure.
  const env = { FLASHBACK_API_URL: '', FLASHBACK_API_TOKEN: '', FLASHBACK_WORKSPACE_ID: '', PULUMI_CONFIG: '' };
  server = await ProviderServer.start({ cwd: os.tmpdir(), env, script: path.join(distDir, 'pulumi', 'native', 'main.js') });
});
afterAll(async () => {
  await server?.stop();
  await emu?.close();
});

describe('pulumi-resource-flashback over gRPC', () => {
  it('checks its configuration, naming the setting', async () => {
    const r = await server.checkConfig('urn:pulumi:dev::native-test::pulumi:providers:flashback::default', { apiUrl: 'not a url', token: secret('') });
    expect(r.failures.map((f) => f.property)).toEqual(['apiUrl', 'token']);
    expect(r.failures[0].reason).toContain('apiUrl must be an absolute http(s) URL');
  });

  it('keeps the token a secret in the provider inputs, even when given in plain text', async () => {
    const r = await server.checkConfig('urn:pulumi:dev::native-test::pulumi:providers:flashback::default', { apiUrl: emu.url, token: 'plain-token' });
    expect(r).toEqual({ inputs: { apiUrl: emu.url, token: secret('plain-token') }, failures: [] });
  });

  it('takes the configuration from Configure (args with a wrapped secret), accepts secrets, and never previews', async () => {
    const reply = await server.configureReply({}, { args: { apiUrl: emu.url, token: secret(emu.token), workspaceId: emu.workspaceId } });
    expect(reply).toEqual({ acceptSecrets: true, supportsPreview: false });
  });

  let keyId: string;
  it('fills the workspace from the configuration, and returns the key and the secret as secrets', async () => {
    const checked = await server.check(KEY, {}, { providerType: 'AWS', key: secret('AKIAGRPC'), secret: secret('grpc-secret') });
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toEqual({ workspaceId: emu.workspaceId, providerType: 'AWS', key: secret('AKIAGRPC'), secret: secret('grpc-secret') });
    const created = await server.create(KEY, checked.inputs);
    keyId = created.id;
    expect(created.properties).toMatchObject({ workspaceId: emu.workspaceId, providerType: 'AWS', key: secret('AKIAGRPC'), secret: secret('grpc-secret'), bucketCount: 0 });
    expect(await emu.client.apiKeys.list({ workspaceId: emu.workspaceId })).toEqual([expect.objectContaining({ id: keyId, key: 'AKIAGRPC' })]);
  });

  it('rotation is an in-place change; a new providerType replaces', async () => {
    const olds = { workspaceId: emu.workspaceId, providerType: 'AWS', key: secret('AKIAGRPC'), secret: secret('grpc-secret') };
    expect(await server.diff(KEY, keyId, olds, { ...olds, secret: secret('grpc-secret-2') })).toEqual({ changes: 2, replaces: [], deleteBeforeReplace: false });
    expect((await server.diff(KEY, keyId, olds, { ...olds, providerType: 'GCP' })).replaces).toEqual(['providerType']);
  });

  it('import reads by <workspace_id>/<id> and returns inputs without the secret', async () => {
    const r = await server.read(KEY, `${emu.workspaceId}/${keyId}`, {});
    expect(r.id).toBe(keyId);
    expect(r.inputs).toEqual({ workspaceId: emu.workspaceId, providerType: 'AWS', key: secret('AKIAGRPC') });
    expect(r.properties).not.toHaveProperty('secret');
    await expect(server.read(KEY, keyId, {})).rejects.toThrow('is not of the form <workspace_id>/<id>');
  });

  it('an imported key passes check without a secret, and diff then asks for it', async () => {
    const imported = { workspaceId: emu.workspaceId, providerType: 'AWS', key: secret('AKIAGRPC') };
    expect((await server.check(KEY, imported, imported)).failures).toEqual([]);
    await expect(server.diff(KEY, keyId, imported, imported)).rejects.toThrow(`secret is required: the provider API key ${keyId} was imported`);
    expect(await server.diff(KEY, keyId, imported, { ...imported, secret: secret('now-known') })).toMatchObject({ changes: 2, replaces: [] });
    // A new key still needs it.
    expect((await server.check(KEY, {}, { providerType: 'AWS', key: 'k' })).failures.map((f) => f.property)).toEqual(['secret']);
  });

  it('invalid inputs fail check naming the property', async () => {
    const r = await server.check(urn('StorageBucket', 'b'), {}, { providerApiKeyId: keyId, name: 'b', bucket: 'b', storageType: 'FTP' });
    expect(r.failures).toEqual([{ property: 'storageType', reason: 'storageType must be one of S3, GCS, BLOB; got "FTP"' }]);
  });

  it('deletes the key', async () => {
    await server.delete(KEY, keyId, { workspaceId: emu.workspaceId, providerType: 'AWS', key: secret('AKIAGRPC') });
    expect(await emu.client.apiKeys.list({ workspaceId: emu.workspaceId })).toEqual([]);
  });
});
