/**
 * One Flashback workspace, one AWS credential shared by two storage buckets and an AI model.
 *
 * Stack config:
 *   flashback:apiUrl, flashback:token (--secret), flashback:workspaceId   where and as whom
 *   awsAccessKeyId, awsSecretAccessKey (both --secret)                      the shared credential
 *
 * Set both with --secret: Pulumi copies the whole stack config into the state of the dynamic
 * provider (`pulumi:providers:pulumi-nodejs`), and only secret config stays encrypted there.
 *
 * Rotate the secret: `pulumi config set --secret awsSecretAccessKey <new>` then `pulumi up`:
 * one in-place update of the key, same id, the buckets and the AI model untouched.
 * Tear down with `pulumi destroy --run-program` (the deletion guard's hooks live in the program).
 */
import * as pulumi from '@pulumi/pulumi';
// In your project: import * as flashback from 'flashback-iac/dist/pulumi';
import * as flashback from '../../src/pulumi';

export default async function flashbackExample() {
  const config = new pulumi.Config();
  const prefix = config.get('namePrefix') ?? pulumi.getStack();

  const aws = new flashback.ProviderApiKey('aws', {
    providerType: 'AWS',
    key: config.requireSecret('awsAccessKeyId'),
    secret: config.requireSecret('awsSecretAccessKey'),
    region: 'eu-west-1',
    description: 'Shared AWS credential for storage and AI (managed by Pulumi)',
  });

  // Both buckets and the AI model reference the key's id, so Pulumi creates the key first, and a
  // replacement of the key (new providerType or workspace) re-points them before the old key goes.
  const logs = new flashback.StorageBucket('logs', { providerApiKeyId: aws.id, name: `${prefix}-logs`, bucket: 'acme-logs', storageType: 'S3', region: 'eu-west-1' });
  const assets = new flashback.StorageBucket('assets', { providerApiKeyId: aws.id, name: `${prefix}-assets`, bucket: 'acme-assets', storageType: 'S3', region: 'eu-west-1' });
  const assistant = new flashback.AiLlm('assistant', { providerApiKeyId: aws.id, name: `${prefix}-assistant`, aiType: 'AWS' });

  // Reading usage: what uses the key, asked once everything above exists.
  const usage = pulumi.all([aws.id, logs.id, assets.id, assistant.id]).apply(async ([keyId]) => {
    const { keys } = await flashback.getProviderApiKeys();
    const key = keys.find((k) => k.id === keyId);
    return (key?.dependents ?? []).map((d) => `${d.type} ${d.name}`).sort();
  });

  return { keyId: aws.id, bucketIds: [logs.id, assets.id], assistantId: assistant.id, usage };
}
