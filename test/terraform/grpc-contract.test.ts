/**
 * The gRPC surface as a go-plugin host sees it, in-process: handshake line, AutoMTLS (client
 * certificate required and verified), the tfplugin6 service, UNIMPLEMENTED for what we do not
 * serve, the go-plugin side services, and message size limits.
 */
import * as grpc from '@grpc/grpc-js';
import { X509Certificate } from 'node:crypto';
import { ProtocolAdapter } from '../../src/terraform/framework';
import { createLogger } from '../../src/terraform/log';
import { serverCredentials } from '../../src/terraform/protocol/auto-mtls';
import { formatHandshakeLine, parseHandshakeLine } from '../../src/terraform/protocol/handshake';
import { startPluginServer, type PluginServer } from '../../src/terraform/protocol/plugin-server';
import { createEchoProvider } from './fixtures/echo-provider';
import { PluginClient, clientCertificate } from './support/plugin-client';

const quiet = createLogger(() => undefined);

interface Running {
  readonly server: PluginServer;
  readonly handshake: string;
  readonly shutdownRequests: () => number;
}

async function start(clientCertificatePem: string | undefined): Promise<Running> {
  let shutdownRequests = 0;
  const { credentials, certificate } = serverCredentials(clientCertificatePem);
  const server = await startPluginServer({
    handlers: new ProtocolAdapter(createEchoProvider(), quiet),
    listen: { network: 'tcp', minPort: 0, maxPort: 0 },
    credentials,
    onShutdownRequested: () => shutdownRequests++,
    onInternalError: () => undefined,
  });
  return {
    server,
    handshake: formatHandshakeLine(server.listen, certificate?.certificateDer ?? null),
    shutdownRequests: () => shutdownRequests,
  };
}

describe('AutoMTLS', () => {
  const client = clientCertificate();
  let running: Running;
  const clients: PluginClient[] = [];
  const connect = (tls: ConstructorParameters<typeof PluginClient>[1]): PluginClient => {
    const made = new PluginClient(parseHandshakeLine(running.handshake), tls);
    clients.push(made);
    return made;
  };

  beforeAll(async () => {
    running = await start(client.certificatePem);
  });
  afterAll(async () => {
    clients.forEach((made) => made.close());
    await running.server.stop(100);
  });

  it('prints a go-plugin handshake line with the certificate as unpadded base64 DER', () => {
    expect(running.handshake).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+\n$/);
    const { certificateDer } = parseHandshakeLine(running.handshake);
    const certificate = new X509Certificate(certificateDer!);
    expect(certificate.checkHost('localhost')).toBe('localhost');
    expect(certificate.ca).toBe(true);
    expect(certificate.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
  });

  it('serves tfplugin6 to the client holding PLUGIN_CLIENT_CERT', async () => {
    const tls = { serverCertificateDer: parseHandshakeLine(running.handshake).certificateDer!, client };
    const schema = await connect(tls).call<{ resource_schemas: Record<string, unknown> }>('tfplugin6.Provider', 'GetProviderSchema');
    expect(Object.keys(schema.resource_schemas)).toEqual(['flashback_test_echo']);
  });

  it('refuses a client with another certificate', async () => {
    const tls = { serverCertificateDer: parseHandshakeLine(running.handshake).certificateDer!, client: clientCertificate() };
    await expect(connect(tls).call('tfplugin6.Provider', 'GetProviderSchema')).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
    });
  });

  it('refuses a client that does not speak TLS', async () => {
    await expect(connect(null).call('tfplugin6.Provider', 'GetProviderSchema')).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
    });
  });
});

describe('services (plaintext, as with TF_DISABLE_PLUGIN_TLS)', () => {
  let running: Running;
  let client: PluginClient;

  beforeAll(async () => {
    running = await start(undefined);
    client = new PluginClient(parseHandshakeLine(running.handshake), null);
  });
  afterAll(async () => {
    client.close();
    await running.server.stop(100);
  });

  it('leaves the certificate field empty', () => {
    expect(running.handshake).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|\n$/);
  });

  it.each([
    'GetResourceIdentitySchemas',
    'UpgradeResourceIdentity',
    'ListResource',
    'ValidateEphemeralResourceConfig',
    'OpenEphemeralResource',
    'CallFunction',
    'GenerateResourceConfig',
  ])('answers %s with UNIMPLEMENTED', async (method) => {
    await expect(client.callRaw(`/tfplugin6.Provider/${method}`)).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
  });

  it('answers GetMetadata with capabilities and type names', async () => {
    const metadata = await client.call('tfplugin6.Provider', 'GetMetadata');
    expect(metadata).toMatchObject({
      server_capabilities: { plan_destroy: true, get_provider_schema_optional: true },
      resources: [{ type_name: 'flashback_test_echo' }],
    });
  });

  it('reports "plugin" SERVING on the health service', async () => {
    await expect(client.call('grpc.health.v1.Health', 'Check', { service: 'plugin' })).resolves.toEqual({ status: 1 });
    await expect(client.call('grpc.health.v1.Health', 'Check', { service: 'other' })).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
    });
  });

  it('keeps the stdio stream open and silent', async () => {
    await expect(client.collectStream('/plugin.GRPCStdio/StreamStdio', 200)).resolves.toEqual({ messages: 0, ended: false });
  });

  it('accepts messages beyond grpc-js default 4 MiB', async () => {
    const { encodeMsgpack, t } = await import('../../src/terraform/codec');
    const config = encodeMsgpack({ store_dir: 'x'.repeat(5 * 1024 * 1024) }, t.object({ store_dir: t.string }));
    await expect(
      client.call('tfplugin6.Provider', 'ValidateProviderConfig', { config: { msgpack: config } }),
    ).resolves.toEqual({ diagnostics: [] });
  });

  it('answers GRPCController.Shutdown and reports it', async () => {
    await expect(client.call('plugin.GRPCController', 'Shutdown')).resolves.toEqual({});
    expect(running.shutdownRequests()).toBe(1);
  });
});
