/**
 * Preview of a fresh stack with the real Pulumi CLI: values not known yet (the key's id) are accepted, and an invalid
 * input fails the preview with a message naming the field, before anything is created.
 */
import { AiLlm, ProviderApiKey, StorageBucket } from '../../../src/pulumi';
import { type PulumiHarness, failure, startPulumi } from './harness';

jest.setTimeout(600_000);

const spec = { providerType: 'AWS', storageType: 'S3', endpoint: undefined as string | undefined };
let h: PulumiHarness;
let failed = true;

beforeAll(async () => {
  h = await startPulumi('flashback-pulumi-checks', async () => {
    const key = new ProviderApiKey('key', { providerType: spec.providerType, key: 'AKIA', secret: 'not-used', endpoint: spec.endpoint });
    new StorageBucket('bucket', { providerApiKeyId: key.id, name: 'checks-bucket', bucket: 'b', storageType: spec.storageType });
    new AiLlm('llm', { providerApiKeyId: key.id, name: 'checks-llm', aiType: 'OPENAI' });
  });
});
afterAll(async () => h?.close({ keep: failed }));

describe('preview checks through the real Pulumi CLI', () => {
  it('a fresh preview plans every create, with the key id unknown to the dependents', async () => {
    const preview = await h.stack.preview();
    expect(preview.changeSummary).toEqual({ create: 4 });
  });

  it('an invalid key input fails the preview, naming the field and the fix', async () => {
    spec.providerType = 'aws';
    spec.endpoint = 'ftp://nope';
    const msg = await failure(h.stack.preview());
    spec.providerType = 'AWS';
    spec.endpoint = undefined;
    expect(msg).toContain('providerType must be an upper-case provider name such as AWS, GCP, AZURE, OPENAI or ANTHROPIC; got "aws"');
    expect(msg).toContain('endpoint must be an absolute http(s) URL such as https://s3.eu-west-1.amazonaws.com; got "ftp://nope"');
  });

  it('an invalid dependent input fails even while its key id is unknown', async () => {
    spec.storageType = 'FTP';
    const msg = await failure(h.stack.preview());
    spec.storageType = 'S3';
    expect(msg).toContain('storageType must be one of S3, GCS, BLOB; got "FTP"');
  });

  it('without a workspace anywhere, the preview says where to set one', async () => {
    await h.stack.removeConfig('flashback:workspaceId');
    const msg = await failure(h.stack.preview());
    await h.stack.setConfig('flashback:workspaceId', { value: h.emu.workspaceId });
    expect(msg).toContain('workspaceId is required: set it on the resource, or set a default with `pulumi config set flashback:workspaceId <id>`');
  });

  it('nothing was created by any of these previews', async () => {
    expect(await h.emu.client.apiKeys.list({ workspaceId: h.emu.workspaceId })).toEqual([]);
    failed = false;
  });
});
