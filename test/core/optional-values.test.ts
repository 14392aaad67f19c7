/**
 * The one rule for values a user may leave unset (issue #15): for every optional input of every
 * model, walked from the models' field lists, an omitted value and a null pass, and an empty
 * string is refused with the way to say "none" that round-trips. Terraform validate, the CDKTF
 * synth checks and Pulumi's check all run this same `checkInputs`.
 */
import { checkInputs, resourceModels, type Values } from '../../src/core';
import { optionalInputCases, validInputs, without } from './optional-inputs';

const valid = validInputs as Record<string, Values>;
const cases = optionalInputCases;

describe('optional inputs: empty, null and omitted', () => {
  it('walks every model, and each has optional inputs to walk', () => {
    expect(resourceModels.map((m) => m.kind).filter((k) => valid[k] === undefined)).toEqual([]);
    for (const m of resourceModels) expect(checkInputs(m, valid[m.kind])).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(9);
  });

  it.each(cases)('%s: omitted and null pass', (_name, model, field) => {
    expect(checkInputs(model, without(valid[model.kind], field.prop))).toEqual([]);
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
