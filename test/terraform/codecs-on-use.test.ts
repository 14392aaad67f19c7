/**
 * Codecs generated on first call (src/terraform/protocol/codecs-on-use.ts): the same bytes and
 * the same decoded objects as protobufjs's own all-at-once setup, and only the codecs called are
 * generated.
 */
import { Root, type Type } from 'protobufjs';
import { deserializerFor, loadRoot, serializerFor } from '../../src/terraform/protocol/grpc-binding';
import { tfplugin6Descriptor } from '../../src/terraform/protocol/tfplugin6-descriptor';

const STUB = 'generateOnFirstCall';
const CODECS = ['encode', 'decode', 'verify', 'fromObject', 'toObject'] as const;
const generated = (type: Type): string[] =>
  CODECS.filter((name) => (type as unknown as Record<string, { name: string }>)[name].name !== STUB);

const schema = {
  version: 3,
  block: {
    version: 1,
    attributes: [
      { name: 'id', type: Buffer.from('"string"'), computed: true, description_kind: 1 },
      { name: 'secret', type: Buffer.from('"string"'), optional: true, sensitive: true, write_only: true },
      { name: 'nested', nested_type: { attributes: [{ name: 'x', type: Buffer.from('"number"'), required: true }], nesting: 2 } },
    ],
    block_types: [{ type_name: 'rule', nesting: 3, min_items: 0, max_items: 9007199254740991, block: { attributes: [] } }],
    description: 'a bucket',
  },
};
const getProviderSchemaResponse = {
  provider: schema,
  resource_schemas: { flashback_bucket: schema, flashback_api_key: { version: 0, block: { attributes: [] } } },
  data_source_schemas: {},
  diagnostics: [
    {
      severity: 1,
      summary: 'bad',
      detail: 'field x',
      attribute: { steps: [{ attribute_name: 'rules' }, { element_key_int: 2 }, { element_key_string: 'k' }] },
    },
  ],
  server_capabilities: { plan_destroy: true, get_provider_schema_optional: true },
};
const readResourceRequest = {
  type_name: 'flashback_bucket',
  current_state: { msgpack: Buffer.from([0x81, 0xa2, 0x69, 0x64, 0xa1, 0x61]) },
  private: Buffer.from('{}'),
};

describe('message codecs generated on first call', () => {
  const stock = Root.fromJSON(tfplugin6Descriptor);

  it.each([
    ['tfplugin6.GetProviderSchema.Response', getProviderSchemaResponse],
    ['tfplugin6.ReadResource.Request', readResourceRequest],
    ['tfplugin6.GetProviderSchema.Request', {}],
  ])('%s: the same bytes and the same decoded object as protobufjs setting the type up itself', (name, value) => {
    const ours = loadRoot(tfplugin6Descriptor).lookupType(name);
    const theirs = stock.lookupType(name);
    const bytes = serializerFor(ours)(value);
    expect(bytes.toString('hex')).toBe(serializerFor(theirs)(value).toString('hex'));
    expect(deserializerFor(ours)(bytes)).toEqual(deserializerFor(theirs)(bytes));
  });

  it('a response made and encoded generates fromObject and encode only, for it and the types it holds', () => {
    const root = loadRoot(tfplugin6Descriptor);
    const response = root.lookupType('tfplugin6.GetProviderSchema.Response');
    const block = root.lookupType('tfplugin6.Schema.Block');
    const untouched = root.lookupType('tfplugin6.ApplyResourceChange.Request');
    expect(generated(response)).toEqual([]);
    serializerFor(response)(getProviderSchemaResponse);
    expect(generated(response)).toEqual(['encode', 'fromObject']);
    expect(generated(block)).toEqual(['encode', 'fromObject']);
    expect(generated(untouched)).toEqual([]);
  });

  it('a request decoded generates decode and toObject only', () => {
    const root = loadRoot(tfplugin6Descriptor);
    const request = root.lookupType('tfplugin6.ReadResource.Request');
    const bytes = serializerFor(stock.lookupType('tfplugin6.ReadResource.Request'))(readResourceRequest);
    const decoded = deserializerFor(request)(bytes) as { type_name: string; current_state: { msgpack: Uint8Array } };
    expect(decoded.type_name).toBe('flashback_bucket');
    expect(Buffer.from(decoded.current_state.msgpack)).toEqual(readResourceRequest.current_state.msgpack);
    expect(generated(request)).toEqual(['decode', 'toObject']);
    expect(generated(root.lookupType('tfplugin6.DynamicValue'))).toEqual(['decode', 'toObject']);
  });

  it('a codec generated once serves every later call', () => {
    const type = loadRoot(tfplugin6Descriptor).lookupType('tfplugin6.DynamicValue');
    serializerFor(type)({ json: Buffer.from('{}') });
    const encode = type.encode;
    serializerFor(type)({ json: Buffer.from('[]') });
    expect(type.encode).toBe(encode);
  });
});
