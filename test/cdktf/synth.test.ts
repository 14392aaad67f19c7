/**
 * What `cdktf synth` writes for the Flashback constructs: the provider block and its source,
 * resources and the references that order them, the secret only as a reference, and the
 * synth-time validations with their messages.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as cdktf from 'cdktf';
import { App, Lazy, TerraformLocal, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import * as fb from '../../src/cdktf';
import { AiLlmResource, FlashbackProvider, ProviderApiKey, ProviderApiKeyResource, ProviderApiKeysDataSource, StorageBucketResource } from '../../src/cdktf';
import { errorOf, filesContaining, sharedKeyStack, synthJson, tempDir } from './support';

const LITERAL = 'wJalrXUtnFEMI-literal-secret-never-in-json';

/** A stack with a provider (workspace ws-main unless told otherwise) and a sensitive secret variable. */
function base(providerConfig: fb.FlashbackProviderConfig = { workspaceId: 'ws-main' }) {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const provider = new FlashbackProvider(stack, 'flashback', providerConfig);
  const secret = new TerraformVariable(stack, 'secret', { type: 'string', sensitive: true });
  return { app, stack, provider, secret: secret.stringValue };
}

describe('structure of the synthesized JSON', () => {
  const json = synthJson(cdktf, sharedKeyStack(cdktf, fb));

  it('declares the provider with source flashback/flashback and a version constraint, and configures it', () => {
    expect(json.terraform?.required_providers).toEqual({ flashback: { source: 'flashback/flashback', version: '~> 0.1' } });
    expect(json.provider?.flashback).toEqual([{ api_url: 'https://api.flashback.example', token: '${var.flashback_token}', workspace_id: 'ws-main' }]);
  });

  it('writes the key with snake_case attributes, the secret as secret_wo from the variable and the version as secret_wo_version', () => {
    expect(json.resource?.flashback_provider_api_key).toEqual({
      shared: {
        provider_type: 'AWS',
        key: 'AKIAEXAMPLE',
        secret_wo: '${var.aws_secret}',
        secret_wo_version: 3,
        region: 'eu-west-1',
        deletion_protection: true,
        lifecycle: { create_before_destroy: true },
      },
    });
  });

  it('makes the buckets and the AI model reference the key id, so Terraform deletes them before the key', () => {
    expect(json.resource?.flashback_storage_bucket).toEqual({
      assets: { provider_api_key_id: '${flashback_provider_api_key.shared.id}', name: 'assets', bucket: 'acme-assets', storage_type: 'S3' },
      logs: { provider_api_key_id: '${flashback_provider_api_key.shared.id}', name: 'logs', bucket: 'acme-logs', storage_type: 'S3', region: 'eu-west-1' },
    });
    expect(json.resource?.flashback_ai_llm).toEqual({
      assistant: { provider_api_key_id: '${flashback_provider_api_key.shared.id}', name: 'assistant', ai_type: 'AWS' },
    });
  });

  it('exposes usage as references to the key', () => {
    expect(json.output).toEqual({
      bucket_count: { value: '${flashback_provider_api_key.shared.bucket_count}' },
      ai_llm_count: { value: '${flashback_provider_api_key.shared.ai_llm_count}' },
    });
  });

  it('holds no secret: the secret attributes are references and their variables are sensitive without default', () => {
    const key = json.resource?.flashback_provider_api_key?.shared ?? {};
    expect(key).not.toHaveProperty('secret');
    expect(json.variable).toEqual({ aws_secret: { type: 'string', sensitive: true }, flashback_token: { type: 'string', sensitive: true } });
  });

  it('matches the snapshot', () => {
    expect(json).toMatchSnapshot();
  });
});

describe('the secret is a reference only', () => {
  it('a literal secret fails synth with a message saying to use a sensitive TerraformVariable', () => {
    const { stack } = base();
    new ProviderApiKey(stack, 'k', { providerType: 'AWS', key: 'AKIA', secret: LITERAL });
    const message = errorOf(() => Testing.synth(stack, true));
    expect(message).toContain('[test/k] secret is a literal string, which would be written to the synthesized Terraform JSON (cdk.tf.json).');
    expect(message).toContain('a TerraformVariable with sensitive: true and no default');
    expect(message).not.toContain(LITERAL);
  });

  it('app.synth() fails before writing anything, and skipValidation does not let the literal through either', () => {
    for (const skipValidation of [false, true]) {
      const outdir = tempDir('flashback-cdktf-literal-');
      const app = new App({ outdir, skipValidation });
      const stack = new TerraformStack(app, 'test');
      new FlashbackProvider(stack, 'flashback', { workspaceId: 'ws' });
      new ProviderApiKey(stack, 'k', { providerType: 'AWS', key: 'AKIA', secret: LITERAL });
      expect(errorOf(() => app.synth())).toContain('secret is a literal string');
      expect(filesContaining(outdir, LITERAL)).toEqual([]);
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('literal text around a reference is refused too', () => {
    const { stack, secret } = base();
    new ProviderApiKey(stack, 'k', { providerType: 'AWS', key: 'AKIA', secret: `prefix-${secret}` });
    expect(errorOf(() => Testing.synth(stack, true))).toContain('secret is a literal string');
  });

  it('a token that produces a literal (Lazy) is refused', () => {
    const { stack } = base();
    new ProviderApiKey(stack, 'k', { providerType: 'AWS', key: 'AKIA', secret: Lazy.stringValue({ produce: () => LITERAL }) });
    const message = errorOf(() => Testing.synth(stack, true));
    expect(message).toContain('secret is a literal string');
    expect(message).not.toContain(LITERAL);
  });

  it('a variable given as .value (an IResolvable, not a string token) is a reference too', () => {
    const { stack } = base();
    const secret = new TerraformVariable(stack, 'as_value', { type: 'string', sensitive: true });
    const plain = new TerraformVariable(stack, 'plain_value', { type: 'string' });
    new ProviderApiKey(stack, 'ok', { providerType: 'AWS', key: 'AKIA', secret: secret.value as string });
    new ProviderApiKey(stack, 'bad', { providerType: 'AWS', key: 'AKIA', secret: plain.value as string });
    const message = errorOf(() => Testing.synth(stack, true));
    expect(message).not.toContain('[test/ok]');
    expect(message).toContain('[test/bad] secret comes from the variable "plain_value", which is not sensitive');
  });

  it('a variable that is not sensitive, or has a default, is refused with the reason', () => {
    const { stack } = base();
    const plain = new TerraformVariable(stack, 'plain', { type: 'string' });
    const defaulted = new TerraformVariable(stack, 'defaulted', { type: 'string', sensitive: true, default: LITERAL });
    new ProviderApiKey(stack, 'a', { providerType: 'AWS', key: 'AKIA', secret: plain.stringValue });
    new ProviderApiKey(stack, 'b', { providerType: 'AWS', key: 'AKIA', secret: defaulted.stringValue });
    const message = errorOf(() => Testing.synth(stack, true));
    expect(message).toContain('[test/a] secret comes from the variable "plain", which is not sensitive');
    expect(message).toContain('[test/b] secret comes from the variable "defaulted", which has a default value');
    expect(message).not.toContain(LITERAL);
  });

  it('a local holding a literal is refused; a local holding a sensitive variable is accepted', () => {
    const { stack, secret } = base();
    const literal = new TerraformLocal(stack, 'literal_secret', LITERAL);
    const viaVariable = new TerraformLocal(stack, 'variable_secret', secret);
    new ProviderApiKey(stack, 'a', { providerType: 'AWS', key: 'AKIA', secret: literal.asString });
    new ProviderApiKey(stack, 'b', { providerType: 'AWS', key: 'AKIA', secret: viaVariable.asString });
    const message = errorOf(() => Testing.synth(stack, true));
    expect(message).toContain('[test/a] secret comes from the local "literal_secret"');
    expect(message).not.toContain('[test/b]');
  });

  it('the low-level resource applies the same rule to secret and secret_wo, wants exactly one of them, and a version with secret_wo', () => {
    const { stack, secret } = base();
    new ProviderApiKeyResource(stack, 'literal', { providerType: 'AWS', key: 'AKIA', secretWo: LITERAL });
    new ProviderApiKeyResource(stack, 'both', { providerType: 'AWS', key: 'AKIA', secret, secretWo: secret });
    new ProviderApiKeyResource(stack, 'none', { providerType: 'AWS', key: 'AKIA' });
    new ProviderApiKeyResource(stack, 'stored', { providerType: 'AWS', key: 'AKIA', secret });
    new ProviderApiKeyResource(stack, 'unversioned', { providerType: 'AWS', key: 'AKIA', secretWo: secret });
    const message = errorOf(() => Testing.synth(stack, true));
    expect(message).toContain('[test/literal] secretWo is a literal string');
    expect(message).toContain('[test/both] both secret and secretWo are set; set exactly one');
    expect(message).toContain('[test/none] the secret is missing: set secretWo (write-only, Terraform 1.11+) with secretWoVersion, or secret');
    expect(message).toContain('[test/unversioned] secretWo is set without secretWoVersion: Terraform cannot compare write-only values');
    expect(message).not.toContain('[test/stored]');
  });

  it('the provider token is a reference only as well', () => {
    const { stack } = base({ workspaceId: 'ws', token: 'tok-literal-0000' });
    const message = errorOf(() => Testing.synth(stack, true));
    expect(message).toContain('[test/flashback] token is a literal string');
    expect(message).not.toContain('tok-literal-0000');
  });
});

describe('synth-time validation', () => {
  it('a key without workspace, under a provider without one, fails and says how to set it', () => {
    const { stack, secret } = base({});
    new ProviderApiKey(stack, 'k', { providerType: 'AWS', key: 'AKIA', secret });
    expect(errorOf(() => Testing.synth(stack, true))).toContain(
      '[test/k] flashback_provider_api_key "k" has no workspace: workspaceId is not set and its FlashbackProvider (test/flashback) has no workspaceId either. Set workspaceId here, or workspaceId on the FlashbackProvider',
    );
  });

  it("a workspace from the key, or from the provider (literal or variable), is enough", () => {
    for (const [providerConfig, keyWorkspace] of [
      [{}, 'ws-own'],
      [{ workspaceId: 'ws-provider' }, undefined],
    ] as const) {
      const { stack, secret } = base(providerConfig);
      new ProviderApiKey(stack, 'k', { providerType: 'AWS', key: 'AKIA', secret, workspaceId: keyWorkspace }).addBucket('b', { name: 'b', bucket: 'b', storageType: 'S3' });
      expect(() => Testing.synth(stack, true)).not.toThrow();
    }
    const { stack, provider, secret } = base({});
    provider.workspaceId = new TerraformVariable(stack, 'workspace_id', { type: 'string' }).stringValue;
    new ProviderApiKey(stack, 'k', { providerType: 'AWS', key: 'AKIA', secret });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it('a stack without a FlashbackProvider fails (cdktf names the provider, we name the missing workspace)', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const secret = new TerraformVariable(stack, 'secret', { type: 'string', sensitive: true });
    new ProviderApiKey(stack, 'k', { providerType: 'AWS', key: 'AKIA', secret: secret.stringValue });
    const message = errorOf(() => Testing.synth(stack, true));
    expect(message).toContain('for the following providers: flashback');
    expect(message).toContain('[test/k] flashback_provider_api_key "k" has no workspace: workspaceId is not set and the stack has no FlashbackProvider');
  });

  it('a bucket added to a key of another workspace fails', () => {
    const { stack, secret } = base();
    const key = new ProviderApiKey(stack, 'k', { providerType: 'AWS', key: 'AKIA', secret, workspaceId: 'ws-a' });
    key.addBucket('same', { name: 'same', bucket: 'same', storageType: 'S3', workspaceId: 'ws-a' });
    key.addBucket('other', { name: 'other', bucket: 'other', storageType: 'S3', workspaceId: 'ws-b' });
    key.addAiLlm('llm', { name: 'llm', aiType: 'AWS', workspaceId: 'ws-c' });
    const message = errorOf(() => Testing.synth(stack, true));
    expect(message).toContain(
      '[test/other] flashback_storage_bucket "other" is in workspace "ws-b" but uses the provider API key test/k, which is in workspace "ws-a". A key can only be used in its own workspace',
    );
    expect(message).toContain('[test/llm] flashback_ai_llm "llm" is in workspace "ws-c"');
    expect(message).not.toContain('[test/same]');
  });

  it("the same check holds for low-level resources, and against the provider's workspace", () => {
    const { stack, secret } = base({ workspaceId: 'ws-provider' });
    const key = new ProviderApiKeyResource(stack, 'k', { providerType: 'AWS', key: 'AKIA', secretWo: secret });
    new StorageBucketResource(stack, 'b', { providerApiKeyId: key.id, workspaceId: 'ws-elsewhere', name: 'b', bucket: 'b', storageType: 'S3' });
    expect(errorOf(() => Testing.synth(stack, true))).toContain('[test/b] flashback_storage_bucket "b" is in workspace "ws-elsewhere" but uses the provider API key test/k, which is in workspace "ws-provider"');
  });

  it("core's field checks run on literal values, and every problem is reported at once", () => {
    const { stack, secret } = base();
    const key = new ProviderApiKey(stack, 'k', { providerType: 'aws', key: ' ', secret, endpoint: 'ftp://files', tenantId: 'tenant' });
    key.addBucket('b', { name: 'b', bucket: 'b', storageType: 'DISK' });
    key.addAiLlm('l', { name: '', aiType: 'GPT' });
    const message = errorOf(() => Testing.synth(stack, true));
    for (const line of [
      '[test/k] providerType must be an upper-case provider name such as AWS, GCP, AZURE, OPENAI or ANTHROPIC; got "aws"',
      '[test/k] key must not be empty',
      '[test/k] endpoint must be an absolute http(s) URL such as https://s3.eu-west-1.amazonaws.com; got "ftp://files"',
      '[test/k] tenantId applies only to AZURE keys; remove it or set the provider type to AZURE',
      '[test/b] storageType must be one of S3, GCS, BLOB; got "DISK"',
      '[test/l] name must not be empty',
      '[test/l] aiType must be one of OPENAI, GOOGLE, ANTHROPIC, AWS, OTHER; got "GPT"',
    ]) {
      expect(message).toContain(line);
    }
  });

  it('values that are tokens are left to Terraform', () => {
    const { stack, secret } = base();
    const type = new TerraformVariable(stack, 'type', { type: 'string' });
    new ProviderApiKey(stack, 'k', { providerType: type.stringValue, key: type.stringValue, secret, endpoint: type.stringValue, tenantId: type.stringValue });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it('a provider that is not a FlashbackProvider is refused', () => {
    const { stack, secret } = base();
    class OtherProvider extends cdktf.TerraformProvider {
      constructor(scope: TerraformStack) {
        super(scope, 'other', { terraformResourceType: 'other' });
      }
    }
    new ProviderApiKey(stack, 'k', { providerType: 'AWS', key: 'AKIA', secret, provider: new OtherProvider(stack) });
    expect(errorOf(() => Testing.synth(stack, true))).toContain('[test/k] flashback_provider_api_key "k" is given a provider that is not a FlashbackProvider');
  });
});

describe('ProviderApiKey', () => {
  it('adds consumers next to the key, with its provider (alias) and workspace, and lists them', () => {
    const { stack, secret } = base();
    const eu = new FlashbackProvider(stack, 'eu', { alias: 'eu', workspaceId: 'ws-eu' });
    const key = new ProviderApiKey(stack, 'k', { providerType: 'AWS', key: 'AKIA', secret, provider: eu, workspaceId: 'ws-eu' });
    const bucket = key.addBucket('b', { name: 'b', bucket: 'b', storageType: 'S3' });
    const llm = key.addAiLlm('l', { name: 'l', aiType: 'AWS' });
    expect(bucket.node.path).toBe('test/b');
    expect(key.buckets).toEqual([bucket]);
    expect(key.aiLlms).toEqual([llm]);
    const json = synthJson(cdktf, stack);
    expect(json.resource?.flashback_storage_bucket?.b).toMatchObject({ provider: 'flashback.eu', workspace_id: 'ws-eu' });
    expect(json.resource?.flashback_ai_llm?.l).toMatchObject({ provider: 'flashback.eu', workspace_id: 'ws-eu' });
    expect(json.provider?.flashback).toEqual([{ workspace_id: 'ws-main' }, { alias: 'eu', workspace_id: 'ws-eu' }]);
  });

  it('defaults secretVersion to 1 and createBeforeDestroy to true; both can be set', () => {
    const { stack, secret } = base();
    new ProviderApiKey(stack, 'defaults', { providerType: 'AWS', key: 'AKIA', secret });
    new ProviderApiKey(stack, 'explicit', { providerType: 'AWS', key: 'AKIA', secret, secretVersion: 7, lifecycle: { createBeforeDestroy: false, preventDestroy: true } });
    const keys = synthJson(cdktf, stack).resource?.flashback_provider_api_key;
    expect(keys?.defaults).toMatchObject({ secret_wo_version: 1, lifecycle: { create_before_destroy: true } });
    expect(keys?.explicit).toMatchObject({ secret_wo_version: 7, lifecycle: { create_before_destroy: false, prevent_destroy: true } });
  });

  it('getters are references into the key, also on the data source', () => {
    const { stack, secret } = base();
    const key = new ProviderApiKey(stack, 'k', { providerType: 'AWS', key: 'AKIA', secret });
    const keys = new ProviderApiKeysDataSource(stack, 'all');
    const refs = { id: key.id, bucketCount: key.bucketCount, aiLlmCount: key.aiLlmCount, createdAt: key.createdAt, version: key.secretVersion, first: keys.apiKeys.get(0).bucketCount };
    for (const [name, value] of Object.entries(refs)) new cdktf.TerraformOutput(stack, name, { value });
    expect(synthJson(cdktf, stack).output).toEqual({
      id: { value: '${flashback_provider_api_key.k.id}' },
      bucketCount: { value: '${flashback_provider_api_key.k.bucket_count}' },
      aiLlmCount: { value: '${flashback_provider_api_key.k.ai_llm_count}' },
      createdAt: { value: '${flashback_provider_api_key.k.created_at}' },
      version: { value: '${flashback_provider_api_key.k.secret_wo_version}' },
      first: { value: '${data.flashback_provider_api_keys.all.api_keys[0].bucket_count}' },
    });
  });

  it('brand checks recognise instances from another copy of the package, where instanceof does not', () => {
    let other: typeof fb | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      other = require('../../src/cdktf') as typeof fb;
    });
    const { stack, secret } = base();
    const key = new other!.ProviderApiKey(stack, 'k', { providerType: 'AWS', key: 'AKIA', secret });
    expect(key instanceof ProviderApiKey).toBe(false);
    expect(ProviderApiKey.isProviderApiKey(key)).toBe(true);
    expect(ProviderApiKeyResource.isProviderApiKeyResource(key)).toBe(true);
    expect(StorageBucketResource.isStorageBucketResource(key)).toBe(false);
    expect(AiLlmResource.isAiLlmResource(key.addAiLlm('l', { name: 'l', aiType: 'AWS' }))).toBe(true);
    expect(FlashbackProvider.isFlashbackProvider(stack.node.findChild('flashback'))).toBe(true);
    expect(ProviderApiKey.isProviderApiKey(new ProviderApiKeyResource(stack, 'raw', { providerType: 'AWS', key: 'AKIA', secretWo: secret }))).toBe(false);
  });
});

describe('import', () => {
  it('importFrom writes an import block with the <workspace_id>/<id> id the provider expects', () => {
    const { stack, secret } = base();
    const key = new ProviderApiKey(stack, 'adopted', { providerType: 'AWS', key: 'AKIA', secret });
    key.importFrom('ws-main/4f6c0d2e');
    const json = synthJson(cdktf, stack) as { import?: unknown };
    expect(json.import).toEqual([{ to: 'flashback_provider_api_key.adopted', id: 'ws-main/4f6c0d2e' }]);
  });
});

describe('full synth into an output directory', () => {
  it('writes the stack as cdktf.out/stacks/<name>/cdk.tf.json and the manifest', () => {
    const outdir = tempDir('flashback-cdktf-out-');
    const app = new App({ outdir });
    sharedKeyStack(cdktf, fb, app);
    app.synth();
    const written = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'shared-key', 'cdk.tf.json'), 'utf8')) as { resource: Record<string, unknown> };
    expect(Object.keys(written.resource).sort()).toEqual(['flashback_ai_llm', 'flashback_provider_api_key', 'flashback_storage_bucket']);
    expect(JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'))).toMatchObject({ stacks: { 'shared-key': { workingDirectory: 'stacks/shared-key' } } });
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
