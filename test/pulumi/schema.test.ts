/**
 * schema.json: the committed file is exactly what the core models produce, it is structurally a valid Pulumi package
 * schema, and each resource's properties, secrets and replaceOnChanges match the core field specs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inputFields, replaceFields, resourceModels } from '../../src/core';
import { getProviderApiKeys } from '../../src/pulumi';
import { type ObjectTypeSpec, type PackageSchema, type PropertySpec, pulumiSchema, schemaText, token } from '../../src/pulumi/schema';
import { type TestEmulator, startTestEmulator } from './support/emulator';

const committedPath = path.resolve(__dirname, '..', '..', 'schema.json');
const committed = JSON.parse(fs.readFileSync(committedPath, 'utf8')) as PackageSchema;

// From pulumi/pulumi pkg/codegen/schema/pulumi.json (the package metaschema).
const NAME = /^[a-zA-Z][-a-zA-Z0-9_]*$/;
const TOKEN = /^[a-zA-Z][-a-zA-Z0-9_]*:([^0-9][a-zA-Z0-9._/-]*)?:[^0-9][a-zA-Z0-9._/-]*$/;
const TOP_LEVEL = new Set(['name', 'displayName', 'version', 'description', 'keywords', 'homepage', 'license', 'attribution', 'repository', 'logoUrl', 'pluginDownloadURL', 'publisher', 'namespace', 'meta', 'config', 'types', 'provider', 'resources', 'functions', 'language', 'parameterization', 'allowedPackageNames']);
const PROPERTY_KEYS = new Set(['type', 'items', 'additionalProperties', '$ref', 'oneOf', 'plain', 'description', 'const', 'default', 'defaultInfo', 'deprecationMessage', 'language', 'secret', 'replaceOnChanges', 'willReplaceOnChanges']);
const TYPES = new Set(['boolean', 'integer', 'number', 'string', 'array', 'object']);

/** Every structural problem of a schema, as `path: problem` lines. */
function structuralProblems(s: PackageSchema): string[] {
  const problems: string[] = [];
  const bad = (where: string, what: string) => problems.push(`${where}: ${what}`);
  for (const k of Object.keys(s)) if (!TOP_LEVEL.has(k)) bad(k, 'not a package schema key');
  if (!NAME.test(s.name)) bad('name', `does not match ${NAME}`);
  if (s.version !== undefined && !/^\d+\.\d+\.\d+/.test(s.version)) bad('version', 'not semver');
  const typeTokens = new Set(Object.keys(s.types ?? {}));
  const checkProp = (where: string, p: PropertySpec) => {
    for (const k of Object.keys(p)) if (!PROPERTY_KEYS.has(k)) bad(where, `unknown property key ${k}`);
    if ((p.type === undefined) === (p.$ref === undefined)) bad(where, 'needs exactly one of type and $ref');
    if (p.type !== undefined && !TYPES.has(p.type)) bad(where, `unknown type ${p.type}`);
    if (p.$ref !== undefined) {
      const m = /^#\/types\/(.+)$/.exec(p.$ref);
      if (!m || !typeTokens.has(m[1])) bad(where, `$ref ${p.$ref} names no type of this schema`);
    }
    if (p.type === 'array') {
      if (!p.items) bad(where, 'array without items');
      else checkProp(`${where}.items`, p.items);
    }
    if (p.description !== undefined && p.description.trim() === '') bad(where, 'empty description');
  };
  const checkObject = (where: string, o: ObjectTypeSpec, requireDescriptions: boolean) => {
    for (const [name, p] of Object.entries(o.properties ?? {})) {
      checkProp(`${where}.properties.${name}`, p);
      if (requireDescriptions && !p.description) bad(`${where}.properties.${name}`, 'no description');
    }
    for (const r of o.required ?? []) if (!(r in (o.properties ?? {}))) bad(`${where}.required`, `${r} is not a property`);
  };
  for (const [tok, t] of Object.entries(s.types ?? {})) {
    if (!TOKEN.test(tok)) bad(`types.${tok}`, 'bad token');
    if (t.type !== 'object') bad(`types.${tok}`, 'object types need type: object');
    checkObject(`types.${tok}`, t, true);
  }
  for (const [tok, r] of Object.entries(s.resources)) {
    if (!TOKEN.test(tok)) bad(`resources.${tok}`, 'bad token');
    if (!tok.startsWith(`${s.name}:`)) bad(`resources.${tok}`, 'token of another package');
    if (!r.description) bad(`resources.${tok}`, 'no description');
    checkObject(`resources.${tok}`, r, true);
    for (const [name, p] of Object.entries(r.inputProperties ?? {})) {
      checkProp(`resources.${tok}.inputProperties.${name}`, p);
      if (!p.description) bad(`resources.${tok}.inputProperties.${name}`, 'no description');
    }
    for (const ri of r.requiredInputs ?? []) if (!(ri in (r.inputProperties ?? {}))) bad(`resources.${tok}.requiredInputs`, `${ri} is not an input`);
  }
  for (const [tok, f] of Object.entries(s.functions ?? {})) {
    if (!TOKEN.test(tok)) bad(`functions.${tok}`, 'bad token');
    if (f.inputs) checkObject(`functions.${tok}.inputs`, f.inputs, true);
    checkObject(`functions.${tok}.outputs`, f.outputs, true);
  }
  for (const [name, v] of Object.entries(s.config?.variables ?? {})) checkProp(`config.variables.${name}`, v);
  return problems;
}

describe('schema.json', () => {
  it('is exactly what the core models produce (regenerate with `npm run schema`)', () => {
    expect(fs.readFileSync(committedPath, 'utf8')).toBe(schemaText());
  });

  it('is a structurally valid Pulumi package schema', () => {
    expect(structuralProblems(committed)).toEqual([]);
    expect(committed.name).toBe('flashback');
    // One resource per core model, whatever their number; the first three by name.
    expect(Object.keys(committed.resources).sort()).toEqual(resourceModels.map((m) => `flashback:index:${m.pulumiName}`).sort());
    expect(Object.keys(committed.resources)).toEqual(expect.arrayContaining(['flashback:index:AiLlm', 'flashback:index:ProviderApiKey', 'flashback:index:StorageBucket']));
    expect(Object.keys(committed.functions ?? {})).toEqual(['flashback:index:getProviderApiKeys']);
    expect(committed.config?.variables.token).toMatchObject({ secret: true, defaultInfo: { environment: ['FLASHBACK_API_TOKEN'] } });
  });

  it('the structural checker catches what it claims to', () => {
    const broken = pulumiSchema() as PackageSchema & Record<string, unknown>;
    broken.bogus = 1;
    const key = broken.resources[token('ProviderApiKey')];
    key.requiredInputs = [...(key.requiredInputs ?? []), 'nope'];
    key.properties.key = { type: 'strang' as never };
    broken.types![token('ProviderApiKeyUsage')].properties.dependents.items = { $ref: '#/types/flashback:index:Nope' };
    expect(structuralProblems(broken)).toEqual([
      'bogus: not a package schema key',
      'types.flashback:index:ProviderApiKeyUsage.properties.dependents.items: $ref #/types/flashback:index:Nope names no type of this schema',
      'resources.flashback:index:ProviderApiKey.properties.key: unknown type strang',
      'resources.flashback:index:ProviderApiKey.properties.key: no description',
      'resources.flashback:index:ProviderApiKey.requiredInputs: nope is not an input',
    ]);
  });

  describe.each(resourceModels.map((m) => [m.pulumiName, m] as const))('%s matches its core model', (name, model) => {
    const r = committed.resources[`flashback:index:${name}`];
    it('inputs: every input field plus adoptId; required ones required; secrets and replaceOnChanges as declared', () => {
      expect(Object.keys(r.inputProperties)).toEqual([...inputFields(model).map((f) => f.prop), 'adoptId']);
      expect(r.requiredInputs).toEqual(inputFields(model).filter((f) => f.required && !f.defaultsToProviderWorkspace).map((f) => f.prop));
      const secrets = Object.entries(r.inputProperties).filter(([, p]) => p.secret).map(([k]) => k);
      expect(secrets).toEqual(model.fields.filter((f) => f.sensitive).map((f) => f.prop));
      const replacing = Object.entries(r.inputProperties).filter(([, p]) => p.replaceOnChanges).map(([k]) => k);
      expect(replacing).toEqual(replaceFields(model).map((f) => f.prop));
      for (const f of inputFields(model)) expect(r.inputProperties[f.prop].type).toBe(f.type);
    });
    it('outputs: every field but the id, with the same secrets and a description', () => {
      expect(Object.keys(r.properties)).toEqual(model.fields.filter((f) => f.prop !== 'id').map((f) => f.prop));
      for (const f of model.fields.filter((x) => x.prop !== 'id')) {
        expect(r.properties[f.prop]).toMatchObject({ type: f.type, description: expect.any(String) });
        expect(Boolean(r.properties[f.prop].secret)).toBe(Boolean(f.sensitive));
      }
      expect(r.description).toBe(model.description);
    });
    it('descriptions speak Pulumi: camelCase names, stack config instead of provider settings', () => {
      const text = JSON.stringify(r);
      expect(text).not.toMatch(/`[a-z]+_[a-z_]+`/);
      expect(text).not.toContain("the provider's");
    });
  });

  describe('getProviderApiKeys matches its schema', () => {
    let emu: TestEmulator;
    const saved = { ...process.env };
    beforeAll(async () => {
      emu = await startTestEmulator();
      process.env.FLASHBACK_API_URL = emu.url;
      process.env.FLASHBACK_API_TOKEN = emu.token;
      process.env.FLASHBACK_WORKSPACE_ID = emu.workspaceId;
    });
    afterAll(async () => {
      process.env = saved;
      await emu?.close();
    });

    it('returns the declared output and type properties, required ones always present', async () => {
      const key = await emu.client.apiKeys.create({ workspaceId: emu.workspaceId, provider: 'AWS', key: 'AKIA', secret: 's', region: 'eu-west-1' });
      await emu.client.buckets.create({ workspaceId: emu.workspaceId, apiKeyUuid: key, name: 'schema-b', bucket: 'b', storageType: 'S3' });
      const result = await getProviderApiKeys();
      const fn = committed.functions!['flashback:index:getProviderApiKeys'];
      const usage = committed.types!['flashback:index:ProviderApiKeyUsage'];
      const dependent = committed.types!['flashback:index:KeyDependent'];
      const within = (obj: object, spec: ObjectTypeSpec) => {
        expect(Object.keys(obj).filter((k) => (obj as Record<string, unknown>)[k] !== undefined).every((k) => k in spec.properties)).toBe(true);
        for (const r of spec.required ?? []) expect((obj as Record<string, unknown>)[r]).toBeDefined();
      };
      within(result, fn.outputs);
      expect(result.keys).toHaveLength(1);
      within(result.keys[0], usage);
      expect(result.keys[0].dependents).toEqual([{ type: 'storage_bucket', id: expect.any(String), name: 'schema-b', workspaceId: emu.workspaceId }]);
      within(result.keys[0].dependents[0], dependent);
      expect(result.keys[0]).toMatchObject({ id: key, providerType: 'AWS', region: 'eu-west-1', bucketCount: 1, aiLlmCount: 0 });
    });
  });
});
