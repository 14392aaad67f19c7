/**
 * Core's rule for optional inputs holds in every front end (issue #15): for every optional input
 * of every model, walked from the models' field lists, Pulumi's check and the CDKTF synth checks
 * refuse an empty string naming the input, and pass an omitted value (and, in Pulumi, a null).
 * Terraform validate is walked with the real engines in test/e2e/terraform/exact-plans.test.ts.
 */
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { resourceModels, type ResourceModel } from '../../src/core';
import { optionalInputCases, validInputs, without } from './optional-inputs';
import { AiLlmResource, FlashbackProvider, ProviderApiKeyResource, StorageBucketResource } from '../../src/cdktf';
import { check, configure, resetForTests } from '../../src/pulumi/provider-impl';

type Inputs = Record<string, string | number | null>;
const valid = validInputs;
const cases = optionalInputCases;

describe('Pulumi check', () => {
  // The stack's default workspace, which a resource without its own uses.
  beforeAll(() => configure('ProviderApiKey', { config: { get: (k) => (k === 'flashback:workspaceId' ? 'ws-default' : undefined) } }));
  afterAll(() => resetForTests());

  it('has inputs for every model, and passes them', async () => {
    expect(resourceModels.map((m) => m.kind).filter((k) => valid[k] === undefined)).toEqual([]);
    for (const m of resourceModels) expect((await check(m.pulumiName, {}, valid[m.kind])).failures).toEqual([]);
  });

  it.each(cases)('%s: "" is refused naming it; null and omitted pass', async (_name, model, field) => {
    const empty = await check(model.pulumiName, {}, { ...valid[model.kind], [field.prop]: '' });
    expect(empty.failures).toEqual([{ property: field.prop, reason: expect.stringMatching(new RegExp(`^${field.prop} is empty: leave it out`)) }]);
    expect((await check(model.pulumiName, {}, { ...valid[model.kind], [field.prop]: null })).failures).toEqual([]);
    expect((await check(model.pulumiName, {}, without(valid[model.kind], field.prop))).failures).toEqual([]);
  });
});

/** One low-level CDKTF resource of `model` with `config`, in a stack of its own; the synth error, or '' when it synthesizes. */
function synthProblems(model: ResourceModel, config: Inputs): string {
  const stack = new TerraformStack(Testing.app(), 'test');
  new FlashbackProvider(stack, 'flashback', { workspaceId: 'ws-1' });
  const secret = new TerraformVariable(stack, 'secret', { type: 'string', sensitive: true }).stringValue;
  const { secret: _literal, ...rest } = config;
  const props = { ...rest } as never;
  if (model.kind === 'provider_api_key') new ProviderApiKeyResource(stack, 'r', { ...(props as object), secretWo: secret, secretWoVersion: 1 } as never);
  else if (model.kind === 'storage_bucket') new StorageBucketResource(stack, 'r', props);
  else if (model.kind === 'ai_llm') new AiLlmResource(stack, 'r', props);
  else throw new Error(`no CDKTF resource for ${model.kind} in this test`);
  try {
    Testing.synth(stack, true);
    return '';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

describe('CDKTF synth checks', () => {
  it('synthesize the valid inputs of every model', () => {
    for (const m of resourceModels) expect({ kind: m.kind, problems: synthProblems(m, valid[m.kind]) }).toEqual({ kind: m.kind, problems: '' });
  });

  it.each(cases)('%s: "" is refused naming it; omitted passes', (_name, model, field) => {
    expect(synthProblems(model, { ...valid[model.kind], [field.prop]: '' })).toMatch(new RegExp(`\\[test/r\\] ${field.prop} is empty: leave it out`));
    expect(synthProblems(model, without(valid[model.kind], field.prop))).toBe('');
  });
});
