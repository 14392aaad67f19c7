/**
 * Resource identity (protocol 6.9) and list resources (6.10, `terraform query`) in the generic
 * adapter, on the test-only echo resource given an identity `{id}` and a list resource: identity
 * schemas, identity with every read/plan/apply/import, import by identity, identity upgrades, and
 * ListResource as a real gRPC server stream (limit, resource objects, diagnostics).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { decodeMsgpack, encodeMsgpack, t, type AnyObject, type AnyValue } from '../../src/terraform/codec';
import {
  attr,
  block,
  impliedType,
  ProtocolAdapter,
  stateAttributesIdentity,
  type ListContext,
  type ListRequest,
  type ListResult,
} from '../../src/terraform/framework';
import { createLogger } from '../../src/terraform/log';
import { parseHandshakeLine, formatHandshakeLine } from '../../src/terraform/protocol/handshake';
import { startPluginServer, type PluginServer } from '../../src/terraform/protocol/plugin-server';
import type { DynamicValue, ListResourceEvent } from '../../src/terraform/protocol/tfplugin6-messages';
import { createEchoProvider } from './fixtures/echo-provider';
import { EchoResource, echoBlock, type EchoProviderData } from './fixtures/echo-resource';
import { PluginClient } from './support/plugin-client';

jest.setTimeout(30_000);

const TYPE = 'flashback_test_echo';
const echoType = impliedType(echoBlock);
const identityType = t.object({ id: t.string });
const quiet = createLogger(() => undefined);
const call = { signal: new AbortController().signal };
const tf115 = { deferral_allowed: true, write_only_attributes_allowed: true };
const dv = (value: AnyValue, type = echoType): DynamicValue => ({ msgpack: encodeMsgpack(value, type), json: new Uint8Array() });
const identityOf = (data: { identity_data: { msgpack: Uint8Array } } | undefined): AnyValue => {
  if (data === undefined) throw new Error('no identity in the response');
  return decodeMsgpack(data.identity_data.msgpack, identityType);
};

const listBlock = block({ description: 'Filters.', attributes: { name: attr.string({ description: 'Only objects of this name.', optional: true }) } });

/** The echo provider with an identity and a list resource over its store directory. */
function identityProvider() {
  const echo = new EchoResource();
  return createEchoProvider()
    .registerIdentity(
      TYPE,
      stateAttributesIdentity<EchoProviderData>({
        schema: { version: 1, attributes: { id: { type: t.string, requiredForImport: true, description: 'The echo id.' } } },
        import: ({ identity }, context) => echo.import({ id: String(identity.id) }, context),
      }),
    )
    .registerListResource({
      typeName: TYPE,
      schema: { version: 0, block: listBlock },
      async *list(request: never, context: ListContext<EchoProviderData>): AsyncGenerator<ListResult> {
        const { config, includeResourceObject } = request as ListRequest<typeof listBlock>;
        for (const file of readdirSync(context.provider.storeDir).sort()) {
          const id = file.replace(/\.json$/, '');
          const object = await echo.read({ state: { id } as never }, { ...context, privateState: null as never });
          if (object === null || (typeof config.name === 'string' && object.name !== config.name)) continue;
          yield { identity: { id }, displayName: `echo ${String(object.name)}`, ...(includeResourceObject ? { resourceObject: object as AnyObject } : {}) };
        }
        if (config.name === 'boom') context.diagnostics.error('Listing failed', 'The store is unreadable.');
      },
    });
}

let storeDir: string;
let adapter: ProtocolAdapter<EchoProviderData>;

beforeEach(async () => {
  storeDir = mkdtempSync(join(tmpdir(), 'echo-identity-'));
  adapter = new ProtocolAdapter(identityProvider(), quiet);
  const providerType = impliedType(block({ description: '', attributes: { store_dir: attr.string({ description: 'd', required: true }) } }));
  const configured = await adapter.ConfigureProvider({ terraform_version: '1.15.5', config: dv({ store_dir: storeDir }, providerType), client_capabilities: tf115 }, call);
  expect(configured.diagnostics).toEqual([]);
});
afterEach(() => rmSync(storeDir, { recursive: true, force: true }));

const config = (name: string): AnyObject => ({ name, zone: 'a', secret_wo: 'hunter2', secret_wo_version: 1, rule: [] });

async function create(name: string): Promise<{ state: AnyObject; planIdentity: AnyValue | undefined; applyIdentity: AnyValue }> {
  const planned = await adapter.PlanResourceChange(
    { type_name: TYPE, prior_state: null, proposed_new_state: dv(config(name)), config: dv(config(name)), prior_private: new Uint8Array(), provider_meta: null, client_capabilities: tf115 },
    call,
  );
  expect(planned.diagnostics).toEqual([]);
  const applied = await adapter.ApplyResourceChange(
    { type_name: TYPE, prior_state: null, planned_state: { msgpack: planned.planned_state!.msgpack, json: new Uint8Array() }, config: dv(config(name)), planned_private: new Uint8Array(), provider_meta: null },
    call,
  );
  expect(applied.diagnostics).toEqual([]);
  return {
    state: decodeMsgpack(applied.new_state!.msgpack, echoType) as AnyObject,
    planIdentity: planned.planned_identity === undefined ? undefined : identityOf(planned.planned_identity),
    applyIdentity: identityOf(applied.new_identity),
  };
}

describe('identity schemas', () => {
  it('are served per resource type, with the import requirement of each attribute', async () => {
    expect(await adapter.GetResourceIdentitySchemas()).toEqual({
      identity_schemas: {
        [TYPE]: {
          version: 1,
          identity_attributes: [{ name: 'id', type: Buffer.from('"string"'), description: 'The echo id.', required_for_import: true, optional_for_import: false }],
        },
      },
      diagnostics: [],
    });
  });

  it('and the list resource is declared beside the resource, its schema being the config block', async () => {
    const schema = await adapter.GetProviderSchema();
    expect(Object.keys(schema.list_resource_schemas ?? {})).toEqual([TYPE]);
    expect(schema.list_resource_schemas?.[TYPE].block.attributes.map((a) => a.name)).toEqual(['name']);
    expect((await adapter.GetMetadata()).list_resources).toEqual([{ type_name: TYPE }]);
  });

  it('are refused at registration for a type that is not a resource', () => {
    const provider = createEchoProvider().registerIdentity('flashback_test_other', stateAttributesIdentity({ schema: { version: 0, attributes: {} }, import: async () => null }));
    expect(provider.startupDiagnostics.map((d) => d.detail)).toEqual([
      'identity for flashback_test_other: register the resource flashback_test_other first. This is a bug in the provider.',
    ]);
  });
});

describe('identity in the resource lifecycle', () => {
  it('is left out of a create plan while the id is unknown (OpenTofu cannot store it), and known after apply', async () => {
    const { state, planIdentity, applyIdentity } = await create('one');
    expect(planIdentity).toBeUndefined();
    expect(applyIdentity).toEqual({ id: state.id });
  });

  it('comes with every read and update plan', async () => {
    const { state } = await create('one');
    const read = await adapter.ReadResource({ type_name: TYPE, current_state: dv(state), private: new Uint8Array(), provider_meta: null, client_capabilities: tf115 }, call);
    expect(identityOf(read.new_identity)).toEqual({ id: state.id });
    const next: AnyObject = { ...state, ...config('renamed'), id: state.id };
    const planned = await adapter.PlanResourceChange(
      { type_name: TYPE, prior_state: dv(state), proposed_new_state: dv(next), config: dv(config('renamed')), prior_private: new Uint8Array(), provider_meta: null, client_capabilities: tf115 },
      call,
    );
    expect(identityOf(planned.planned_identity)).toEqual({ id: state.id });
  });

  it('imports by identity, returning the identity with the state', async () => {
    const { state } = await create('one');
    const imported = await adapter.ImportResourceState(
      { type_name: TYPE, id: '', client_capabilities: tf115, identity: { identity_data: dv({ id: state.id }, identityType) } },
      call,
    );
    expect(imported.diagnostics).toEqual([]);
    expect(imported.imported_resources).toHaveLength(1);
    expect(decodeMsgpack(imported.imported_resources![0].state.msgpack, echoType)).toMatchObject({ id: state.id, name: 'one' });
    expect(identityOf(imported.imported_resources![0].identity)).toEqual({ id: state.id });
  });

  it('reports an identity that names nothing', async () => {
    const imported = await adapter.ImportResourceState(
      { type_name: TYPE, id: '', client_capabilities: tf115, identity: { identity_data: dv({ id: 'echo-missing' }, identityType) } },
      call,
    );
    expect(imported.imported_resources).toBeUndefined();
    expect(imported.diagnostics).toMatchObject([{ severity: 1, summary: 'Cannot import', detail: 'No echo object "echo-missing".' }]);
  });
});

describe('UpgradeResourceIdentity', () => {
  const upgrade = (version: number, json: string) =>
    adapter.UpgradeResourceIdentity({ type_name: TYPE, version, raw_identity: { json: Buffer.from(json), flatmap: {} } });

  it('re-encodes a same-version identity, dropping attributes no longer declared', async () => {
    const response = await upgrade(1, '{"id":"echo-1","old":"x"}');
    expect(response.diagnostics).toEqual([]);
    expect(identityOf(response.upgraded_identity)).toEqual({ id: 'echo-1' });
  });

  it('refuses an identity of another version without an upgrade hook, naming both versions', async () => {
    expect((await upgrade(2, '{"id":"echo-1"}')).diagnostics).toMatchObject([
      { severity: 1, summary: 'Cannot upgrade the stored identity', detail: expect.stringContaining('identity version 2; this one knows 1') },
    ]);
  });
});

describe('ListResource over gRPC', () => {
  let server: PluginServer;
  let client: PluginClient;
  beforeEach(async () => {
    server = await startPluginServer({
      handlers: adapter,
      listen: { network: 'tcp', minPort: 0, maxPort: 0 },
      credentials: grpc.ServerCredentials.createInsecure(),
      onShutdownRequested: () => undefined,
      onInternalError: () => undefined,
    });
    client = new PluginClient(parseHandshakeLine(formatHandshakeLine(server.listen, null)), null);
  });
  afterEach(async () => {
    client.close();
    await server.stop(100);
  });
  const list = (request: { config: AnyObject; include_resource_object?: boolean; limit?: number }) =>
    client.stream<ListResourceEvent>('tfplugin6.Provider', 'ListResource', {
      type_name: TYPE,
      config: dv(request.config, impliedType(listBlock)),
      include_resource_object: request.include_resource_object ?? false,
      limit: request.limit ?? 100,
    });

  it('streams one event per object: identity and display name, the object only when asked', async () => {
    const one = (await create('one')).state;
    const two = (await create('two')).state;
    const events = await list({ config: { name: null } });
    const ids = [one.id, two.id].sort();
    expect(events.map((e) => [identityOf(e.identity as never), e.display_name, e.resource_object])).toEqual(
      ids.map((id) => [{ id }, `echo ${id === one.id ? 'one' : 'two'}`, null]),
    );
    const withObjects = await list({ config: { name: 'two' }, include_resource_object: true });
    expect(withObjects).toHaveLength(1);
    expect(decodeMsgpack(withObjects[0].resource_object!.msgpack, echoType)).toMatchObject({ id: two.id, name: 'two', secret_wo: null });
  });

  it('stops at the limit', async () => {
    await create('one');
    await create('two');
    await create('three');
    expect(await list({ config: { name: null }, limit: 2 })).toHaveLength(2);
  });

  it('sends problems in a last event of their own', async () => {
    await create('boom');
    const events = await list({ config: { name: 'boom' } });
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ diagnostic: [{ severity: 1, summary: 'Listing failed', detail: 'The store is unreadable.' }] });
  });

  it('validates the config block against the list schema', async () => {
    const response = await client.call('tfplugin6.Provider', 'ValidateListResourceConfig', { type_name: 'flashback_test_nope', config: dv({ name: null }, impliedType(listBlock)) });
    expect(response).toMatchObject({ diagnostics: [{ severity: 1, summary: 'Unknown list resource' }] });
  });
});

describe('a provider without identities', () => {
  it('answers the identity and list RPCs UNIMPLEMENTED, as Terraform expects', async () => {
    const plain = new ProtocolAdapter(createEchoProvider(), quiet);
    await expect(plain.GetResourceIdentitySchemas()).rejects.toThrow('GetResourceIdentitySchemas is not implemented by this provider');
    await expect(plain.UpgradeResourceIdentity({ type_name: TYPE, version: 0, raw_identity: null })).rejects.toThrow('not implemented');
    await expect(plain.ListResource({ type_name: TYPE, config: null, include_resource_object: false, limit: 1 }, call).next()).rejects.toThrow('not implemented');
  });
});
