/**
 * Issue #10.7: the API's limits (the contract's MAX_LENGTH, the endpoint form, well-formed
 * text) are refused at validate/plan time by every front end, naming the field, before any
 * request: through core's field checks for Terraform, Pulumi and CDKTF, and through the
 * contract's schemas in the client. Each limit is written once, in src/client/contract/limits.ts.
 */
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { FlashbackClient, InvalidRequestError } from '../../src/client';
import { MAX_LENGTH } from '../../src/client/contract';
import { checkInputs, resourceModels } from '../../src/core';
import { FlashbackProvider, ProviderApiKey } from '../../src/cdktf';
import { errorOf } from '../cdktf/support';
import { check } from '../../src/pulumi/provider-impl';
import { createFlashbackProvider } from '../../src/terraform/provider';
import { ProtocolAdapter, impliedType } from '../../src/terraform/framework';
import { encodeMsgpack, type AnyValue } from '../../src/terraform/codec';
import { createLogger } from '../../src/terraform/log';

const over = (field: keyof typeof MAX_LENGTH) => 'x'.repeat(MAX_LENGTH[field] + 1);
const tooLong = (field: keyof typeof MAX_LENGTH) => new RegExp(`must be at most ${MAX_LENGTH[field]} characters`);

describe('core field checks (read by every engine)', () => {
  const key = resourceModels.find((m) => m.kind === 'provider_api_key');
  const bucket = resourceModels.find((m) => m.kind === 'storage_bucket');
  const llm = resourceModels.find((m) => m.kind === 'ai_llm');
  if (!key || !bucket || !llm) throw new Error('a resource model is missing');
  const keyInput = { workspaceId: 'ws', providerType: 'AWS', key: 'AKIA', secret: 's3cr3t-value' };

  test.each([
    ['key', 'key'],
    ['secret', 'secret'],
    ['region', 'region'],
    ['description', 'description'],
    ['workspaceId', 'id'],
    ['providerType', 'providerType'],
  ] as const)('provider API key: %s over the limit is one issue on that field', (prop, limit) => {
    const issues = checkInputs(key, { ...keyInput, [prop]: prop === 'providerType' ? 'A'.repeat(MAX_LENGTH.providerType + 1) : over(limit) });
    expect(issues).toEqual([{ prop, message: expect.stringMatching(tooLong(limit)) as string }]);
  });

  test('AZURE fields are bounded too; a secret over the limit is never quoted', () => {
    const azure = { ...keyInput, providerType: 'AZURE' };
    expect(checkInputs(key, { ...azure, tenantId: over('tenantId') })).toEqual([{ prop: 'tenantId', message: expect.stringMatching(tooLong('tenantId')) as string }]);
    expect(checkInputs(key, { ...azure, subscriptionId: over('subscriptionId') })).toEqual([{ prop: 'subscriptionId', message: expect.stringMatching(tooLong('subscriptionId')) as string }]);
    const [secretIssue] = checkInputs(key, { ...keyInput, secret: `TOPSECRET${over('secret')}` });
    expect(secretIssue.message).not.toContain('TOPSECRET');
  });

  test('endpoint: the contract’s form and length; lone surrogates anywhere', () => {
    expect(checkInputs(key, { ...keyInput, endpoint: `https://e.example/${over('endpoint')}` })).toEqual([{ prop: 'endpoint', message: expect.stringMatching(tooLong('endpoint')) as string }]);
    expect(checkInputs(key, { ...keyInput, endpoint: 'http://999.1.1.1' })[0]?.message).toMatch(/^must be an absolute http\(s\) URL/);
    expect(checkInputs(key, { ...keyInput, endpoint: 'http://127.0.0.1:9000' })).toEqual([]);
    expect(checkInputs(key, { ...keyInput, description: 'bad \ud800 text' })).toEqual([{ prop: 'description', message: expect.stringMatching(/well-formed Unicode/) as string }]);
    const longBad = checkInputs(key, { ...keyInput, endpoint: `ftp://${'f'.repeat(1000)}` })[0]?.message ?? '';
    expect(longBad.length).toBeLessThan(250); // a short prefix of the value at most
  });

  test('bucket and AI model names, the key reference', () => {
    const b = { workspaceId: 'ws', providerApiKeyId: 'k', name: 'n', bucket: 'b', storageType: 'S3' };
    expect(checkInputs(bucket, { ...b, name: over('name') })).toEqual([{ prop: 'name', message: expect.stringMatching(tooLong('name')) as string }]);
    expect(checkInputs(bucket, { ...b, bucket: over('bucket') })).toEqual([{ prop: 'bucket', message: expect.stringMatching(tooLong('bucket')) as string }]);
    expect(checkInputs(bucket, { ...b, providerApiKeyId: over('id') })).toEqual([{ prop: 'providerApiKeyId', message: expect.stringMatching(tooLong('id')) as string }]);
    expect(checkInputs(llm, { workspaceId: 'ws', providerApiKeyId: 'k', name: over('name'), aiType: 'OPENAI' })).toEqual([{ prop: 'name', message: expect.stringMatching(tooLong('name')) as string }]);
  });
});

describe('Terraform: ValidateResourceConfig over the in-process protocol adapter', () => {
  const provider = createFlashbackProvider({});
  const adapter = new ProtocolAdapter(provider, createLogger(() => undefined));
  const resource = provider.resource('flashback_provider_api_key');
  if (!resource) throw new Error('no flashback_provider_api_key');
  const type = impliedType(resource.schema.block);
  const nulls = Object.fromEntries(Object.keys(resource.schema.block.attributes ?? {}).map((k) => [k, null]));
  const validate = (config: Record<string, AnyValue>) =>
    adapter.ValidateResourceConfig({
      type_name: 'flashback_provider_api_key',
      config: { msgpack: encodeMsgpack({ ...nulls, ...config }, type), json: new Uint8Array() },
      client_capabilities: { deferral_allowed: true, write_only_attributes_allowed: true },
    });
  const base = { workspace_id: 'ws', provider_type: 'AWS', key: 'AKIA', secret: 's3cr3t-value' };

  test('a valid configuration has no diagnostics', async () => {
    expect((await validate(base)).diagnostics).toEqual([]);
  });

  test.each([
    ['key', 'key'],
    ['region', 'region'],
    ['description', 'description'],
    ['endpoint', 'endpoint'],
  ] as const)('%s over the limit: an error diagnostic on that attribute', async (attribute, limit) => {
    const { diagnostics } = await validate({ ...base, [attribute]: attribute === 'endpoint' ? `https://e.example/${over(limit)}` : over(limit) });
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics as { severity: number; summary: string; detail: string; attribute?: { steps: { attribute_name?: string }[] } }[];
    expect(d.attribute?.steps[0]?.attribute_name).toBe(attribute);
    expect(`${d.summary} ${d.detail}`).toMatch(tooLong(limit));
  });
});

describe('Pulumi: check', () => {
  const inputs = { workspaceId: 'ws', providerType: 'AWS', key: 'AKIA', secret: 's3cr3t-value' };
  test.each([
    ['key', 'key'],
    ['region', 'region'],
    ['description', 'description'],
    ['tenantId', 'tenantId'],
  ] as const)('%s over the limit is a failure on that property', async (prop, limit) => {
    const r = await check('ProviderApiKey', {}, { ...inputs, providerType: prop === 'tenantId' ? 'AZURE' : 'AWS', [prop]: over(limit) });
    expect(r.failures).toEqual([{ property: prop, reason: expect.stringMatching(new RegExp(`^${prop} must be at most ${MAX_LENGTH[limit]} characters`)) as string }]);
  });

  test('a bucket name over the limit', async () => {
    const r = await check('StorageBucket', {}, { workspaceId: 'ws', providerApiKeyId: 'k', name: over('name'), bucket: 'b', storageType: 'S3' });
    expect(r.failures).toEqual([{ property: 'name', reason: expect.stringMatching(/^name must be at most 255 characters/) as string }]);
  });
});

describe('CDKTF: synth validation', () => {
  test('literals over the limits fail synth, naming the construct and the property', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    new FlashbackProvider(stack, 'flashback', { workspaceId: 'ws-main' });
    const secret = new TerraformVariable(stack, 'secret', { type: 'string', sensitive: true });
    const k = new ProviderApiKey(stack, 'k', { providerType: 'AWS', key: 'AKIA', secret: secret.stringValue, region: over('region'), description: over('description') });
    k.addBucket('b', { name: over('name'), bucket: 'b', storageType: 'S3' });
    const message = errorOf(() => Testing.synth(stack, true));
    expect(message).toContain(`[test/k] region must be at most ${MAX_LENGTH.region} characters`);
    expect(message).toContain(`[test/k] description must be at most ${MAX_LENGTH.description} characters`);
    expect(message).toContain(`[test/b] name must be at most ${MAX_LENGTH.name} characters`);
  });
});

describe('client: the contract refuses a request before it is sent', () => {
  // Nothing listens on port 1: a request that went out would fail with a connection error instead.
  const client = new FlashbackClient({ apiUrl: 'http://127.0.0.1:1', token: 't', env: {}, retry: { maxAttempts: 1 } });

  test('a key over the limit: InvalidRequestError naming the field, no status', async () => {
    const e = await client.apiKeys.create({ workspaceId: 'ws', provider: 'AWS', key: over('key'), secret: 's3cr3t-value' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidRequestError);
    expect(e).toMatchObject({ status: undefined, method: 'POST', path: '/apikeys' });
    expect((e as Error).message).toBe(`POST /apikeys failed: refused before sending: key: must be at most ${MAX_LENGTH.key} characters`);
  });

  test('an update with a bad endpoint, a bucket with a long name, the AZURE rule', async () => {
    await expect(client.apiKeys.update('id', { endpoint: 'ftp://x' })).rejects.toThrow(/refused before sending: endpoint: endpoint must be an absolute http\(s\) URL/);
    await expect(client.buckets.create({ workspaceId: 'ws', name: over('name'), bucket: 'b', storageType: 'S3', apiKeyUuid: 'k' })).rejects.toThrow(/refused before sending: name: must be at most 255/);
    await expect(client.apiKeys.create({ workspaceId: 'ws', provider: 'AWS', key: 'k', secret: 's3cr3t-value', tenantId: 't' })).rejects.toThrow(/refused before sending: tenantId: applies only to AZURE keys/);
  });

  test('the secret is never in the message, even when it is what broke the limit', async () => {
    const secret = `Zq8-${'s'.repeat(MAX_LENGTH.secret)}`;
    const e = (await client.apiKeys.create({ workspaceId: 'ws', provider: 'AWS', key: 'k', secret }).catch((x: unknown) => x)) as Error;
    expect(e).toBeInstanceOf(InvalidRequestError);
    expect(e.message).not.toContain('Zq8-sss');
  });
});
