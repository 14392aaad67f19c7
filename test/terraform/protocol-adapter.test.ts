/**
 * The generic adapter, driven with the same msgpack requests Terraform sends, on the test-only
 * `flashback_test_echo` resource: schema, validation, planning rules, apply, destroy plans,
 * import, state upgrade, cancellation, and errors that must stay diagnostics.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Unknown, decodeMsgpack, encodeMsgpack, type AnyObject, type AnyValue } from '../../src/terraform/codec';
import {
  attr,
  block,
  defineProvider,
  impliedType,
  ProtocolAdapter,
  type TfResource,
} from '../../src/terraform/framework';
import { createLogger } from '../../src/terraform/log';
import type { DynamicValue, DynamicValueOut } from '../../src/terraform/protocol/tfplugin6-messages';
import { createEchoProvider } from './fixtures/echo-provider';
import { echoBlock } from './fixtures/echo-resource';

const TYPE = 'flashback_test_echo';
const echoType = impliedType(echoBlock);
const quiet = createLogger(() => undefined);
const call = { signal: new AbortController().signal };
const noCapabilities = { deferral_allowed: false, write_only_attributes_allowed: false };
const tf111 = { deferral_allowed: true, write_only_attributes_allowed: true };

const dv = (value: AnyValue): DynamicValue => ({ msgpack: encodeMsgpack(value, echoType), json: new Uint8Array() });
const decoded = (value: DynamicValueOut | undefined): AnyValue => {
  if (value === undefined) throw new Error('no value in the response');
  return decodeMsgpack(value.msgpack, echoType);
};
const asObject = (value: AnyValue): AnyObject => value as AnyObject;

let storeDir: string;
let adapter: ProtocolAdapter<unknown>;

beforeEach(async () => {
  storeDir = mkdtempSync(join(tmpdir(), 'echo-store-'));
  adapter = new ProtocolAdapter(createEchoProvider() as never, quiet);
  const configured = await adapter.ConfigureProvider(
    { terraform_version: '1.11.4', config: providerConfig(), client_capabilities: tf111 },
    call,
  );
  expect(configured.diagnostics).toEqual([]);
});
afterEach(() => rmSync(storeDir, { recursive: true, force: true }));

function providerConfig(): DynamicValue {
  const type = impliedType(block({ description: '', attributes: { store_dir: attr.string({ description: 'd', required: true }) } }));
  return { msgpack: encodeMsgpack({ store_dir: storeDir }, type), json: new Uint8Array() };
}

const baseConfig = { name: 'one', zone: 'a', secret_wo: 'hunter2', secret_wo_version: 1, rule: [{ port: 22 }] };

/**
 * What Terraform proposes: config merged with prior state, computed values taken from prior where
 * config leaves them null (also inside the `rule` blocks).
 */
function proposed(config: AnyObject, prior: AnyObject | null): AnyObject {
  if (prior === null) return config;
  const merged: Record<string, AnyValue> = { ...config };
  for (const name of ['id', 'secret_length', 'revision', 'created_at']) merged[name] = prior[name];
  const priorRules = (prior.rule ?? []) as readonly AnyObject[];
  merged.rule = ((config.rule ?? []) as readonly AnyObject[]).map((rule, index) => ({
    ...rule,
    protocol: rule.protocol ?? priorRules[index]?.protocol ?? null,
  }));
  return merged;
}

async function plan(config: AnyObject, prior: AnyObject | null) {
  return adapter.PlanResourceChange(
    {
      type_name: TYPE,
      prior_state: prior === null ? null : dv(prior),
      proposed_new_state: dv(proposed(config, prior)),
      config: dv(config),
      prior_private: new Uint8Array(),
      provider_meta: null,
      client_capabilities: tf111,
    },
    call,
  );
}

async function apply(config: AnyObject | null, prior: AnyObject | null, planned: AnyValue) {
  return adapter.ApplyResourceChange(
    {
      type_name: TYPE,
      prior_state: prior === null ? null : dv(prior),
      planned_state: dv(planned),
      config: config === null ? null : dv(config),
      planned_private: new Uint8Array(),
      provider_meta: null,
    },
    call,
  );
}

async function create(config: AnyObject = baseConfig): Promise<AnyObject> {
  const planned = await plan(config, null);
  const applied = await apply(config, null, decoded(planned.planned_state));
  expect(applied.diagnostics).toEqual([]);
  return asObject(decoded(applied.new_state));
}

describe('GetProviderSchema', () => {
  it('declares the resource with its flags, types and capabilities', async () => {
    const schema = await adapter.GetProviderSchema();
    expect(schema.diagnostics).toEqual([]);
    expect(schema.server_capabilities).toEqual({ plan_destroy: true, get_provider_schema_optional: true, move_resource_state: false });
    const echo = schema.resource_schemas[TYPE];
    expect(echo.version).toBe(1);
    const secret = echo.block.attributes.find((attribute) => attribute.name === 'secret_wo');
    expect(secret).toMatchObject({ write_only: true, sensitive: true, optional: true, computed: false });
    const tags = echo.block.attributes.find((attribute) => attribute.name === 'tags');
    expect(Buffer.from(tags!.type).toString()).toBe('["map","string"]');
    expect(echo.block.block_types).toMatchObject([{ type_name: 'rule', nesting: 2 }]);
    expect(schema.provider.block.attributes.map((attribute) => attribute.name)).toEqual(['store_dir']);
  });

  it('reports schema mistakes as start-up diagnostics', async () => {
    const bad = block({
      description: 'bad',
      attributes: {
        count: attr.number({ description: 'reserved', optional: true }),
        secret: attr.string({ description: 'x', computed: true, writeOnly: true }),
        nothing: attr.string({ description: 'no mode' }),
      },
    });
    const resource = { typeName: 'other_thing', schema: { version: 0, block: bad } } as unknown as TfResource;
    const provider = defineProvider({
      typeName: 'flashback',
      schema: { version: 0, block: block({ description: '', attributes: {} }) },
      configure: async () => ({}),
    }).registerResource(resource as never);
    const schema = await new ProtocolAdapter(provider, quiet).GetProviderSchema();
    const details = (schema.diagnostics ?? []).map((diagnostic) => diagnostic.detail);
    expect(details).toEqual([
      expect.stringContaining('"other_thing" must be lower-case and start with "flashback_"'),
      expect.stringContaining('"count": "count" is a Terraform meta-argument'),
      expect.stringContaining('"secret": a write-only attribute cannot be computed'),
      expect.stringContaining('"nothing": set one of required, optional or computed'),
    ]);
  });
});

describe('ValidateResourceConfig', () => {
  const validate = (config: AnyObject, capabilities = tf111) =>
    adapter.ValidateResourceConfig({ type_name: TYPE, config: dv(config), client_capabilities: capabilities });

  it('accepts a valid configuration, unknowns included', async () => {
    expect((await validate(baseConfig)).diagnostics).toEqual([]);
    expect((await validate({ ...baseConfig, zone: Unknown, name: Unknown })).diagnostics).toEqual([]);
  });

  it('runs attribute validators and points at the attribute', async () => {
    const { diagnostics } = await validate({ ...baseConfig, zone: 'z' });
    expect(diagnostics).toEqual([
      {
        severity: 1,
        summary: 'Invalid value',
        detail: '"z" is not allowed here; use one of `a`, `b`, `c`.',
        attribute: { steps: [{ attribute_name: 'zone' }] },
      },
    ]);
  });

  it('runs the resource validate hook', async () => {
    const { diagnostics } = await validate({ ...baseConfig, secret_wo_version: null });
    expect(diagnostics).toMatchObject([{ summary: 'Missing secret_wo_version', attribute: { steps: [{ attribute_name: 'secret_wo_version' }] } }]);
  });

  it('refuses write-only values from a Terraform that would store them', async () => {
    const { diagnostics } = await validate(baseConfig, noCapabilities);
    expect(diagnostics).toMatchObject([
      { severity: 1, summary: 'Write-only attribute not supported by this Terraform', attribute: { steps: [{ attribute_name: 'secret_wo' }] } },
    ]);
  });

  it('answers an unknown resource type with a diagnostic', async () => {
    const response = await adapter.ValidateResourceConfig({ type_name: 'flashback_nope', config: null, client_capabilities: null });
    expect(response.diagnostics).toMatchObject([{ severity: 1, summary: 'Unknown resource type' }]);
  });
});

describe('PlanResourceChange', () => {
  it('plans a create: computed values unknown, write-only null, plan hook applied', async () => {
    const response = await plan(baseConfig, null);
    expect(response.diagnostics).toEqual([]);
    expect(response.requires_replace).toEqual([]);
    expect(decoded(response.planned_state)).toMatchObject({
      id: Unknown,
      created_at: Unknown,
      revision: Unknown,
      secret_length: Unknown,
      secret_wo: null,
      secret_wo_version: 1,
      name: 'one',
      rule: [{ port: 22, protocol: 'tcp' }],
    });
  });

  it('plans no change as the prior state itself', async () => {
    const prior = await create();
    const response = await plan(baseConfig, prior);
    expect(decoded(response.planned_state)).toEqual(prior);
    expect(response.requires_replace).toEqual([]);
  });

  it('plans an in-place update: ids kept where declared, other computed values unknown', async () => {
    const prior = await create();
    const response = await plan({ ...baseConfig, name: 'two' }, prior);
    expect(response.requires_replace).toEqual([]);
    expect(decoded(response.planned_state)).toMatchObject({
      id: prior.id,
      created_at: prior.created_at,
      revision: Unknown,
      secret_length: Unknown,
      name: 'two',
      secret_wo: null,
    });
  });

  it('marks a requires-replace attribute', async () => {
    const prior = await create();
    const response = await plan({ ...baseConfig, zone: 'b' }, prior);
    expect(response.requires_replace).toEqual([{ steps: [{ attribute_name: 'zone' }] }]);
  });

  it('plans a destroy as null and reports the planDestroy hook (plan_destroy)', async () => {
    const prior = await create({ ...baseConfig, destroy_warning: 'careful', block_destroy: true });
    const response = await adapter.PlanResourceChange(
      {
        type_name: TYPE,
        prior_state: dv(prior),
        proposed_new_state: dv(null),
        config: dv(null),
        prior_private: Buffer.from('{"kept":1}'),
        provider_meta: null,
        client_capabilities: tf111,
      },
      call,
    );
    expect(Buffer.from(response.planned_state!.msgpack).toString('hex')).toBe('c0');
    expect(Buffer.from(response.planned_private!).toString()).toBe('{"kept":1}');
    expect(response.diagnostics).toEqual([
      expect.objectContaining({ severity: 1, summary: 'Destroy blocked', attribute: { steps: [{ attribute_name: 'block_destroy' }] } }),
      expect.objectContaining({ severity: 2, summary: 'Destroy warning', detail: 'careful' }),
    ]);
  });

  it('needs a configured provider', async () => {
    const unconfigured = new ProtocolAdapter(createEchoProvider(), quiet);
    const response = await unconfigured.PlanResourceChange(
      {
        type_name: TYPE,
        prior_state: null,
        proposed_new_state: dv(baseConfig),
        config: dv(baseConfig),
        prior_private: new Uint8Array(),
        provider_meta: null,
        client_capabilities: tf111,
      },
      call,
    );
    expect(response.diagnostics).toMatchObject([{ summary: 'Provider not configured' }]);
  });
});

describe('ApplyResourceChange', () => {
  it('creates: new state wholly known, write-only null, the secret seen by the resource', async () => {
    const state = await create();
    expect(state).toMatchObject({ name: 'one', secret_wo: null, secret_length: 7, revision: 1, rule: [{ port: 22, protocol: 'tcp' }] });
    expect(typeof state.id).toBe('string');
  });

  it('updates in place, then deletes to a null state', async () => {
    const prior = await create();
    const config = { ...baseConfig, name: 'two' };
    const planned = decoded((await plan(config, prior)).planned_state);
    const updated = await apply(config, prior, planned);
    expect(decoded(updated.new_state)).toMatchObject({ id: prior.id, name: 'two', revision: 2 });

    const deleted = await apply(null, asObject(decoded(updated.new_state)), null);
    expect(deleted.diagnostics).toEqual([]);
    expect(Buffer.from(deleted.new_state!.msgpack).toString('hex')).toBe('c0');
  });

  it('turns a thrown error into an error diagnostic and keeps the prior object', async () => {
    const prior = await create();
    rmSync(storeDir, { recursive: true, force: true });
    // A file where the store directory should be: the update's write throws.
    writeFileSync(storeDir, 'not a directory');
    const config = { ...baseConfig, name: 'two' };
    const planned = decoded((await plan(config, prior)).planned_state);
    const response = await apply(config, prior, planned);
    expect(response.diagnostics).toMatchObject([{ severity: 1, summary: `Applying ${TYPE} failed` }]);
    expect(decoded(response.new_state)).toEqual(prior);
  });

  it('cancels in-flight work on StopProvider', async () => {
    const config = { ...baseConfig, sleep_ms: 30_000 };
    const planned = decoded((await plan(config, null)).planned_state);
    const started = Date.now();
    const applying = apply(config, null, planned);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await adapter.StopProvider();
    const response = await applying;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(response.diagnostics).toMatchObject([{ severity: 1, summary: 'Operation cancelled' }]);

    // Work that first asks for its signal after StopProvider (which swaps in a fresh controller) is stopped too.
    const paused = { ...baseConfig, pause_ms: 300, sleep_ms: 30_000 };
    const pausedStart = Date.now();
    const pausing = apply(paused, null, decoded((await plan(paused, null)).planned_state));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await adapter.StopProvider();
    expect((await pausing).diagnostics).toMatchObject([{ severity: 1, summary: 'Operation cancelled' }]);
    expect(Date.now() - pausedStart).toBeLessThan(10_000);

    // A debug-mode provider outlives the command that stopped it: later operations run normally.
    const later = await apply(baseConfig, null, decoded((await plan(baseConfig, null)).planned_state));
    expect(later.diagnostics).toEqual([]);
  });
});

describe('ReadResource, ImportResourceState, UpgradeResourceState', () => {
  it('reads an object back, and a vanished one as null', async () => {
    const state = await create();
    const read = await adapter.ReadResource(
      { type_name: TYPE, current_state: dv(state), private: new Uint8Array(), provider_meta: null, client_capabilities: tf111 },
      call,
    );
    expect(decoded(read.new_state)).toEqual(state);
    await adapter.ApplyResourceChange(
      { type_name: TYPE, prior_state: dv(state), planned_state: dv(null), config: null, planned_private: new Uint8Array(), provider_meta: null },
      call,
    );
    const gone = await adapter.ReadResource(
      { type_name: TYPE, current_state: dv(state), private: new Uint8Array(), provider_meta: null, client_capabilities: tf111 },
      call,
    );
    expect(gone.diagnostics).toEqual([]);
    expect(decoded(gone.new_state)).toBeNull();
  });

  it('imports by id, and reports an unknown id', async () => {
    const state = await create();
    const imported = await adapter.ImportResourceState({ type_name: TYPE, id: String(state.id), client_capabilities: tf111 }, call);
    expect(imported.imported_resources).toHaveLength(1);
    expect(decoded(imported.imported_resources![0].state)).toEqual(state);
    const missing = await adapter.ImportResourceState({ type_name: TYPE, id: 'nope', client_capabilities: tf111 }, call);
    expect(missing.diagnostics).toMatchObject([{ severity: 1, summary: 'Cannot import' }]);
  });

  it('upgrades same-version JSON state to msgpack, dropping attributes no longer declared', async () => {
    const response = await adapter.UpgradeResourceState({
      type_name: TYPE,
      version: 1,
      raw_state: { json: Buffer.from('{"id":"echo-1","name":"n","old_attribute":true,"ratio":0.1}'), flatmap: {} },
    });
    expect(response.diagnostics).toEqual([]);
    expect(decoded(response.upgraded_state)).toMatchObject({ id: 'echo-1', name: 'n', ratio: 0.1, zone: null, rule: null });
  });

  it('refuses state from a newer schema version', async () => {
    const response = await adapter.UpgradeResourceState({
      type_name: TYPE,
      version: 7,
      raw_state: { json: Buffer.from('{}'), flatmap: {} },
    });
    expect(response.upgraded_state).toBeUndefined();
    expect(response.diagnostics).toMatchObject([{ severity: 1, detail: expect.stringContaining('newer provider') }]);
  });
});

describe('MoveResourceState', () => {
  const movedBlock = block({
    description: 'moved',
    attributes: { id: attr.string({ description: 'id', computed: true }), label: attr.string({ description: 'l', optional: true }) },
  });
  const movable: TfResource<typeof movedBlock> = {
    typeName: 'flashback_moved',
    schema: { version: 0, block: movedBlock },
    create: async () => null,
    read: async ({ state }) => state,
    update: async () => null,
    delete: async () => undefined,
    moveState: ({ sourceTypeName, sourceState }) => {
      const source = sourceState as { id?: string };
      return { id: `${sourceTypeName}:${source.id ?? ''}`, label: 'moved' };
    },
  };

  it('takes state from another type through the resource hook and advertises the capability', async () => {
    const provider = defineProvider({
      typeName: 'flashback',
      schema: { version: 0, block: block({ description: '', attributes: {} }) },
      configure: async () => ({}),
    }).registerResource(movable);
    const moving = new ProtocolAdapter(provider, quiet);
    expect((await moving.GetProviderSchema()).server_capabilities.move_resource_state).toBe(true);
    const response = await moving.MoveResourceState({
      source_provider_address: 'registry.terraform.io/flashback/flashback',
      source_type_name: 'flashback_test_echo',
      source_schema_version: 1,
      source_state: { json: Buffer.from('{"id":"echo-1","name":"x"}'), flatmap: {} },
      target_type_name: 'flashback_moved',
      source_private: Buffer.from('p'),
    });
    expect(response.diagnostics).toEqual([]);
    expect(decodeMsgpack(response.target_state!.msgpack, impliedType(movedBlock))).toEqual({
      id: 'flashback_test_echo:echo-1',
      label: 'moved',
    });
    expect(Buffer.from(response.target_private!).toString()).toBe('p');
  });

  it('refuses a move into a type without the hook', async () => {
    const response = await adapter.MoveResourceState({
      source_provider_address: 'registry.terraform.io/flashback/flashback',
      source_type_name: 'flashback_other',
      source_schema_version: 0,
      source_state: { json: Buffer.from('{}'), flatmap: {} },
      target_type_name: TYPE,
      source_private: new Uint8Array(),
    });
    expect(response.diagnostics).toMatchObject([{ severity: 1, summary: 'Move not supported' }]);
  });
});
