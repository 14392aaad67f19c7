/**
 * The generated bindings: up to date with the core field specs, derived by the provider's rules,
 * and each class doing what its attribute metadata says (that metadata is what
 * provider-schema.test.ts compares with the real provider).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as cdktf from 'cdktf';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { FlashbackProvider, ProviderApiKeyResource, StorageBucketResource } from '../../src/cdktf';
import type { BindingAttribute } from '../../src/cdktf';
import { providerApiKey, resourceModels } from '../../src/core';
import { bindingsDir, defaultRenderOptions, servedSchema } from '../../src/cdktf/codegen/generate';
import { renderBindings } from '../../src/cdktf/codegen/render';
import { PROVIDER_ADDRESS, type ProvidersSchemaDocument } from '../../src/cdktf/codegen/schema-document';
import { type BindingClass, bindingClasses, compareWithSchema, descriptionDifferences } from './binding-facts';
import type { TerraformJson } from './support';

const REGENERATE = 'npx tsc -p tsconfig.build.json && node dist/cdktf/codegen/generate.js';

describe('generated files', () => {
  const rendered = renderBindings(servedSchema(), defaultRenderOptions());

  it.each(rendered.map((f) => [f.path, f.text]))('src/cdktf/bindings/%s is what the generator writes', (file, text) => {
    const onDisk = fs.readFileSync(path.join(bindingsDir, file), 'utf8');
    if (onDisk !== text) throw new Error(`src/cdktf/bindings/${file} is out of date with the core field specs or the generator; run: ${REGENERATE}`);
  });

  it('src/cdktf/bindings holds nothing else', () => {
    expect(fs.readdirSync(bindingsDir).sort()).toEqual(rendered.map((f) => f.path).sort());
  });
});

describe('schema the provider serves (built in process)', () => {
  const schema = servedSchema().provider_schemas[PROVIDER_ADDRESS];

  it('has one resource per core model and the keys data source', () => {
    expect(Object.keys(schema.resource_schemas ?? {}).sort()).toEqual(resourceModels.map((m) => `flashback_${m.kind}`).sort());
    expect(Object.keys(schema.data_source_schemas ?? {})).toEqual(['flashback_provider_api_keys']);
  });

  it('turns the write-only secret into secret (sensitive, stored), secret_wo (write-only) and secret_wo_version, and adds deletion_protection', () => {
    const key = schema.resource_schemas?.flashback_provider_api_key.block.attributes ?? {};
    expect(key.secret).toMatchObject({ type: 'string', optional: true, sensitive: true });
    expect(key.secret).not.toHaveProperty('write_only');
    expect(key.secret_wo).toMatchObject({ type: 'string', optional: true, sensitive: true, write_only: true });
    expect(key.secret_wo_version).toMatchObject({ type: 'number', optional: true });
    expect(key.deletion_protection).toEqual(expect.objectContaining({ type: 'bool', optional: true }));
    expect(key.deletion_protection).not.toHaveProperty('computed');
    expect(key.workspace_id).toMatchObject({ optional: true, computed: true });
    expect(key.provider_type).toMatchObject({ required: true });
    expect(key.key).toMatchObject({ required: true, sensitive: true });
    for (const f of providerApiKey.fields.filter((x) => x.kind === 'computed')) expect(key[f.name]).toMatchObject({ computed: true, type: f.type });
  });

  it('lists keys in the data source with every key field but the secret', () => {
    const apiKeys = schema.data_source_schemas?.flashback_provider_api_keys.block.attributes?.api_keys;
    expect(apiKeys?.type).toEqual([
      'list',
      ['object', { id: 'string', workspace_id: 'string', provider_type: 'string', key: 'string', endpoint: 'string', region: 'string', description: 'string', tenant_id: 'string', subscription_id: 'string', created_at: 'string', bucket_count: 'number', ai_llm_count: 'number' }],
    ]);
  });

  it('agrees with the bindings, attribute by attribute', () => {
    expect(compareWithSchema(servedSchema())).toEqual([]);
  });

  it('describes every attribute as the bindings do, so docs and bindings cannot drift apart', () => {
    expect(descriptionDifferences(servedSchema())).toEqual([]);
    const doc = JSON.parse(JSON.stringify(servedSchema())) as { provider_schemas: Record<string, { provider: { block: { attributes: Record<string, { description?: string }> } } }> };
    doc.provider_schemas[PROVIDER_ADDRESS].provider.block.attributes.api_url.description = 'changed';
    expect(descriptionDifferences(doc as unknown as ProvidersSchemaDocument)).toEqual([expect.stringContaining('FlashbackProvider (provider flashback): "api_url" is described as')]);
  });

  it('the comparison reports a missing, an extra and a changed attribute, and an unbound resource', () => {
    const doc = JSON.parse(JSON.stringify(servedSchema())) as { provider_schemas: Record<string, { resource_schemas: Record<string, { block: { attributes: Record<string, Record<string, unknown>> } }> }> };
    const resources = doc.provider_schemas[PROVIDER_ADDRESS].resource_schemas;
    const key = resources.flashback_provider_api_key.block.attributes;
    delete key.deletion_protection;
    key.timeouts = { type: 'string', optional: true };
    key.secret_wo_version = { type: 'string', optional: true };
    resources.flashback_extra = { block: { attributes: {} } };
    expect(compareWithSchema(doc as unknown as ProvidersSchemaDocument)).toEqual([
      'ProviderApiKeyResource (resource flashback_provider_api_key): "secret_wo_version".type is "\\"number\\"" in the binding but "\\"string\\"" in the provider',
      'ProviderApiKeyResource (resource flashback_provider_api_key): the binding has attribute "deletion_protection" ({"type":"\\"bool\\"","mode":"optional","sensitive":false,"writeOnly":false}) that the provider lacks',
      'ProviderApiKeyResource (resource flashback_provider_api_key): the provider has attribute "timeouts" ({"type":"\\"string\\"","mode":"optional","sensitive":false,"writeOnly":false}) that the binding lacks',
      'resource flashback_extra: served by the provider but has no binding',
    ]);
  });

  it('the comparison reports nested blocks that differ', () => {
    type Doc = { provider_schemas: Record<string, { resource_schemas: Record<string, { block: { block_types?: Record<string, { nesting_mode: string; block: { attributes: Record<string, unknown> } }> } }> }> };
    const doc = JSON.parse(JSON.stringify(servedSchema())) as Doc;
    const resources = doc.provider_schemas[PROVIDER_ADDRESS].resource_schemas;
    delete resources.flashback_ai_llm.block.block_types;
    const timeouts = resources.flashback_storage_bucket.block.block_types!.timeouts;
    delete timeouts.block.attributes.read;
    timeouts.block.attributes.create = { type: 'number', optional: true };
    resources.flashback_provider_api_key.block.block_types!.timeouts.nesting_mode = 'list';
    expect(compareWithSchema(doc as unknown as ProvidersSchemaDocument)).toEqual([
      'AiLlmResource (resource flashback_ai_llm): the binding has the nested block "timeouts" that the provider lacks',
      'ProviderApiKeyResource (resource flashback_provider_api_key): block "timeouts" is single in the binding but list in the provider',
      'StorageBucketResource (resource flashback_storage_bucket), block timeouts: "create".type is "\\"string\\"" in the binding but "\\"number\\"" in the provider',
      'StorageBucketResource (resource flashback_storage_bucket), block timeouts: the binding has attribute "read" ({"type":"\\"string\\"","mode":"optional","sensitive":false,"writeOnly":false}) that the provider lacks',
    ]);
  });
});

describe('nested blocks', () => {
  it('a resource writes its timeouts block, with only the durations set', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new FlashbackProvider(stack, 'flashback', { workspaceId: 'ws' });
    const bucket = new StorageBucketResource(stack, 'b', { providerApiKeyId: 'k', name: 'n', bucket: 'b', storageType: 'S3', timeouts: { create: '5m' } });
    const key = new ProviderApiKeyResource(stack, 'k', { providerType: 'AWS', key: 'AKIA', secretWo: new TerraformVariable(stack, 's', { type: 'string', sensitive: true }).stringValue, secretWoVersion: 1 });
    key.putTimeouts({ delete: '30s', read: '1m' });
    const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
    expect(json.resource?.flashback_storage_bucket?.b?.timeouts).toEqual({ create: '5m' });
    expect(json.resource?.flashback_provider_api_key?.k?.timeouts).toEqual({ read: '1m', delete: '30s' });
    bucket.resetTimeouts();
    expect((JSON.parse(Testing.synth(stack)) as TerraformJson).resource?.flashback_storage_bucket?.b).not.toHaveProperty('timeouts');
  });
});

/** A value of the attribute's type: literal, or a token (for secrets, a sensitive variable). */
function sampleValue(stack: TerraformStack, a: BindingAttribute): unknown {
  if (a.referenceOnly) return new TerraformVariable(stack, `v_${a.name}`, { type: 'string', sensitive: true }).stringValue;
  if (a.type === 'number') return 7;
  if (a.type === 'bool') return true;
  return `value-of-${a.name}`;
}

describe.each(bindingClasses().map((b) => [b.cls.name, b.kind, b.cls] as const))('%s (%s) does what its attribute metadata says', (_name, kind, cls) => {
  const inputs = cls.attributes.filter((a) => a.mode !== 'computed');

  function build(): { stack: TerraformStack; instance: Record<string, unknown>; json: TerraformJson } {
    const stack = new TerraformStack(Testing.app(), 'test');
    if (kind !== 'provider') new FlashbackProvider(stack, 'flashback', { workspaceId: 'ws' });
    const config = Object.fromEntries(inputs.map((a) => [a.prop, sampleValue(stack, a)]));
    const Ctor = cls as unknown as new (scope: TerraformStack, id: string, config: Record<string, unknown>) => Record<string, unknown>;
    const instance = new Ctor(stack, 'subject', config);
    // Without validations: this fills every input, also ones that exclude each other (secret / secret_wo).
    return { stack, instance, json: JSON.parse(Testing.synth(stack)) as TerraformJson };
  }

  it('writes every input attribute under its snake_case name, and nothing else', () => {
    const { json } = build();
    const written = kind === 'provider' ? json.provider?.flashback?.[0] : kind === 'resource' ? json.resource?.[cls.tfResourceType]?.subject : json.data?.[cls.tfResourceType]?.subject;
    expect(Object.keys(written ?? {}).sort()).toEqual(inputs.map((a) => a.name).sort());
  });

  it('has a typed getter for every attribute Terraform can return, and an xxxInput getter for every input', () => {
    const { stack, instance } = build();
    for (const a of cls.attributes) {
      if (kind === 'provider' || a.writeOnly) continue;
      const value = instance[a.prop];
      const expected = a.type === 'string' ? 'string' : a.type === 'number' ? 'number' : 'object';
      expect([a.name, typeof value]).toEqual([a.name, expected]);
      if (typeof value === 'object' && value !== null && 'get' in value) continue; // a list of objects: checked below
      const out = new cdktf.TerraformOutput(stack, `out_${a.name}`, { value });
      const prefix = kind === 'data' ? 'data.' : '';
      expect(JSON.parse(Testing.synth(stack)).output[`out_${a.name}`].value).toBe(`\${${prefix}${cls.tfResourceType}.subject.${a.name}}`);
      stack.node.tryRemoveChild(out.node.id);
    }
    for (const a of inputs) expect(`${a.prop}Input` in instance).toBe(true);
  });

  it('is recognised by its brand check', () => {
    const { instance } = build();
    const check = (cls as unknown as Record<string, (x: unknown) => boolean>)[`is${cls.name}`];
    expect(check(instance)).toBe(true);
    expect(check({})).toBe(false);
  });
});

describe('ProviderApiKeysDataSource', () => {
  it('api_keys entries have a getter for each field of the object type', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new FlashbackProvider(stack, 'flashback', { workspaceId: 'ws' });
    const ds = bindingClasses().find((b) => b.kind === 'data')!.cls as BindingClass;
    const Ctor = ds as unknown as new (scope: TerraformStack, id: string) => { apiKeys: { get(i: number): Record<string, unknown> } };
    const entry = new Ctor(stack, 'keys').apiKeys.get(2);
    const fields = (ds.attributes.find((a) => a.name === 'api_keys')!.type as readonly [string, readonly [string, Record<string, string>]])[1][1];
    for (const [name, type] of Object.entries(fields)) {
      const prop = name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
      new cdktf.TerraformOutput(stack, name, { value: entry[prop] });
      expect([name, typeof entry[prop]]).toEqual([name, type === 'number' ? 'number' : 'string']);
    }
    const outputs = JSON.parse(Testing.synth(stack)).output as Record<string, { value: string }>;
    expect(outputs.bucket_count.value).toBe('${data.flashback_provider_api_keys.keys.api_keys[2].bucket_count}');
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(fields).sort());
  });
});
