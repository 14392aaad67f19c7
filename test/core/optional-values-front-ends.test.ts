/**
 * Core's rule for optional inputs holds in every front end (issue #15): for every optional input
 * of every model, walked from the models' field lists, Pulumi's check and the CDKTF synth checks
 * refuse an empty string naming the input, and pass an omitted value (and, in Pulumi, a null).
 * Terraform validate is walked with the real engines in test/e2e/terraform/exact-plans.test.ts.
 */
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { inputFields, resourceModels, type FieldSpec, type ResourceModel } from '../../src/core';
import { AiLlmResource, FlashbackProvider, ProviderApiKeyResource, StorageBucketResource } from '../../src/cdktf';
import { check, configure, resetForTests } from '../../src/pulumi/provider-impl';

type Inputs = Record<string, string | number | null>;

/** Valid Pulumi inputs of each model (core props); a model added without them fails the first test. */
const valid: Record<string, Inputs> = {
  provider_api_key: { workspaceId: 'ws-1', providerType: 'AZURE', key: 'AKIAVALID', secret: 's3cr3t', region: 'westeurope', tenantId: 't-1', subscriptionId: 's-1', endpoint: 'https://example.test', description: 'd' },
  storage_bucket: { workspaceId: 'ws-1', providerApiKeyId: 'key-1', name: 'b', bucket: 'acme', storageType: 'S3', region: 'eu-west-1', endpoint: 'https://s3.example.test' },
  ai_llm: { workspaceId: 'ws-1', providerApiKeyId: 'key-1', name: 'm', aiType: 'OPENAI', endpoint: 'https://llm.example.test' },
};

const mayBeUnset = (f: FieldSpec) => !f.required || f.defaultsToProviderWorkspace === true;
const cases = resourceModels.flatMap((m) => inputFields(m).filter(mayBeUnset).map((f) => [`${m.kind}.${f.name}`, m, f] as [string, ResourceModel, FieldSpec]));

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
    const omitted = { ...valid[model.kind] };
    delete omitted[field.prop];
    expect((await check(model.pulumiName, {}, omitted)).failures).toEqual([]);
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
    const omitted = { ...valid[model.kind] };
    delete omitted[field.prop];
    expect(synthProblems(model, omitted)).toBe('');
  });
});
