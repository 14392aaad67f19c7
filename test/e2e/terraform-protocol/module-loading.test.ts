/**
 * What a provider process loads. Terraform starts the provider 4-5 times per command and two of
 * those only ask for the schema and validate: module loading was most of their CPU. The shipped
 * launcher runs here the way go-plugin runs it, with a preload (via NODE_OPTIONS, which the
 * launcher's `node` honours) that writes, at exit, which packages the process had loaded.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAGIC_COOKIE_VALUE, parseHandshakeLine } from '../../../src/terraform/protocol/handshake';
import { ensureBuilt, repoRoot } from '../../support/build';
import { PluginClient, clientCertificate } from '../../terraform/support/plugin-client';

jest.setTimeout(60_000);

const EXECUTABLE = join(repoRoot, 'bin', 'terraform-provider-flashback');
let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'fb-module-loading-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a schema-and-validate process loads neither zod nor the HTTP client', async () => {
  const report = join(dir, 'loaded.json');
  const preload = join(dir, 'report-loaded.js');
  writeFileSync(
    preload,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(Object.keys(require.cache))));\n`,
  );
  const client = clientCertificate();
  const child = spawn(EXECUTABLE, [], {
    env: {
      ...process.env,
      NODE_OPTIONS: `--require ${preload}`,
      TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: '6',
      PLUGIN_MIN_PORT: '0',
      PLUGIN_MAX_PORT: '0',
      PLUGIN_CLIENT_CERT: client.certificatePem,
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n') + 1));
    });
  });
  const handshake = parseHandshakeLine(line);
  const rpc = new PluginClient(handshake, { serverCertificateDer: handshake.certificateDer!, client });
  try {
    const schema = await rpc.call<{ resource_schemas: Record<string, unknown> }>('tfplugin6.Provider', 'GetProviderSchema');
    expect(Object.keys(schema.resource_schemas)).toContain('flashback_provider_api_key');
    await expect(rpc.call('tfplugin6.Provider', 'ValidateProviderConfig', { config: { json: Buffer.from('{}') } })).resolves.toBeDefined();
    // The field checks (enum members, URL and text rules) run here without zod: a bad ai_type and endpoint are named.
    const validated = await rpc.call<{ diagnostics?: { summary: string; detail: string }[] }>('tfplugin6.Provider', 'ValidateResourceConfig', {
      type_name: 'flashback_ai_llm',
      config: { json: Buffer.from(JSON.stringify({ name: 'm', ai_type: 'NOPE', endpoint: 'not a url', provider_api_key_id: 'k' })) },
    });
    const said = JSON.stringify(validated.diagnostics ?? []);
    expect(said).toContain('Invalid ai_type');
    expect(said).toContain('Invalid endpoint');
    await rpc.call('plugin.GRPCController', 'Shutdown');
  } finally {
    rpc.close();
  }
  expect(await exited).toBe(0);

  const packages = new Set(
    (JSON.parse(readFileSync(report, 'utf8')) as string[]).flatMap((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? []),
  );
  // The provider itself has loaded (its gRPC server, and msgpack for every configuration), so the check is not vacuous.
  for (const served of ['@grpc/grpc-js', 'protobufjs', '@msgpack/msgpack']) expect(packages).toContain(served);
  for (const heavy of ['zod', 'axios', 'form-data']) expect(packages).not.toContain(heavy);
});
