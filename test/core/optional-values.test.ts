/**
 * The one rule for values a user may leave unset (issue #15): for every optional input of every
 * model, walked from the models' field lists, an omitted value and a null pass, and an empty
 * string is refused with the way to say "none" that round-trips. Terraform validate, the CDKTF
 * synth checks and Pulumi's check all run this same `checkInputs`.
 */
import { checkInputs, inputFields, resourceModels, type FieldSpec, type ResourceModel, type Values } from '../../src/core';

/** A valid input of each model; a model added without one fails the first test. */
const valid: Record<string, Values> = {
  provider_api_key: { workspaceId: 'ws-1', providerType: 'AZURE', key: 'AKIAVALID', secret: 's3cr3t', region: 'westeurope', tenantId: 't-1', subscriptionId: 's-1', endpoint: 'https://example.test', description: 'd' },
  storage_bucket: { workspaceId: 'ws-1', providerApiKeyId: 'key-1', name: 'b', bucket: 'acme', storageType: 'S3', region: 'eu-west-1', endpoint: 'https://s3.example.test' },
  ai_llm: { workspaceId: 'ws-1', providerApiKeyId: 'key-1', name: 'm', aiType: 'OPENAI', endpoint: 'https://llm.example.test' },
};

/** Inputs a user may leave unset: optional ones, and those the provider's workspace fills in. */
const mayBeUnset = (f: FieldSpec) => !f.required || f.defaultsToProviderWorkspace === true;

const cases = resourceModels.flatMap((m) => inputFields(m).filter(mayBeUnset).map((f) => [`${m.kind}.${f.name}`, m, f] as [string, ResourceModel, FieldSpec]));

describe('optional inputs: empty, null and omitted', () => {
  it('walks every model, and each has optional inputs to walk', () => {
    expect(resourceModels.map((m) => m.kind).filter((k) => valid[k] === undefined)).toEqual([]);
    for (const m of resourceModels) expect(checkInputs(m, valid[m.kind])).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(9);
  });

  it.each(cases)('%s: omitted and null pass', (_name, model, field) => {
    const omitted: Values = { ...valid[model.kind] };
    delete omitted[field.prop];
    expect(checkInputs(model, omitted)).toEqual([]);
    expect(checkInputs(model, { ...valid[model.kind], [field.prop]: null } as unknown as Values)).toEqual([]);
  });

  it.each(cases)('%s: an empty string is refused once, with the fix', (_name, model, field) => {
    const issues = checkInputs(model, { ...valid[model.kind], [field.prop]: '' });
    expect(issues).toEqual([{ prop: field.prop, message: expect.stringMatching(/^is empty: leave it out, or set it to null, (for none|to use the provider's workspace)/) }]);
  });

  it('an empty Azure-only id on another key type is one problem, not two', () => {
    const key = resourceModels.find((m) => m.kind === 'provider_api_key')!;
    expect(checkInputs(key, { workspaceId: 'ws-1', providerType: 'AWS', key: 'AKIA', secret: 's', tenantId: '' })).toEqual([{ prop: 'tenantId', message: expect.stringMatching(/^is empty/) }]);
  });

  it('a required input left empty keeps its own message', () => {
    const key = resourceModels.find((m) => m.kind === 'provider_api_key')!;
    expect(checkInputs(key, { ...valid.provider_api_key, key: '', secret: '' })).toEqual([
      { prop: 'key', message: 'must not be empty' },
      { prop: 'secret', message: 'must not be empty' },
    ]);
  });
});
