/**
 * One Flashback workspace, one AWS credential shared by two storage buckets and an AI model.
 *
 * Inputs, supplied when Terraform runs (nothing secret is in the synthesized JSON):
 *   FLASHBACK_API_URL, FLASHBACK_API_TOKEN       the provider's endpoint and token (environment)
 *   TF_VAR_workspace_id                          the workspace
 *   TF_VAR_aws_access_key_id                     the credential's public part
 *   TF_VAR_aws_secret_access_key                 its secret: a sensitive, ephemeral variable sent
 *                                                to the write-only secret_wo (Terraform 1.11+)
 *
 *   cdktf deploy            creates the key, then the buckets and the AI model that use it
 *   rotate the secret:      put the new value in TF_VAR_aws_secret_access_key, bump
 *                           SECRET_VERSION below, cdktf deploy: one in-place update, same key id
 *   read usage:             the key_bucket_count output (as of the last refresh: run
 *                           `cdktf deploy` again, or `terraform apply -refresh-only`)
 *   cdktf destroy           deletes the buckets and the AI model before the key
 */
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
// In your project: import { FlashbackProvider, ProviderApiKey } from 'flashback-iac/dist/cdktf';
import { FlashbackProvider, ProviderApiKey } from '../../src/cdktf';

/** Bump when the secret changes: the next deploy sends it again (an in-place rotation). */
export const SECRET_VERSION = 1;

export interface FlashbackExampleProps {
  readonly secretVersion: number;
}

export class FlashbackExampleStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: FlashbackExampleProps) {
    super(scope, id);

    const workspaceId = new TerraformVariable(this, 'workspace_id', { type: 'string', description: 'The Flashback workspace that owns everything below.' });
    new FlashbackProvider(this, 'flashback', { workspaceId: workspaceId.stringValue });

    const accessKeyId = new TerraformVariable(this, 'aws_access_key_id', { type: 'string', sensitive: true, description: 'AWS access key id shared by the buckets and the AI model.' });
    const secretAccessKey = new TerraformVariable(this, 'aws_secret_access_key', { type: 'string', sensitive: true, description: 'Its secret access key.' });
    // Ephemeral (Terraform 1.10+): the value is not even kept in a saved plan. cdktf 0.21 has no prop for it.
    secretAccessKey.addOverride('ephemeral', true);

    const aws = new ProviderApiKey(this, 'aws', {
      providerType: 'AWS',
      key: accessKeyId.stringValue,
      secret: secretAccessKey.stringValue,
      secretVersion: props.secretVersion,
      region: 'eu-west-1',
      description: 'Shared AWS credential for storage and AI (managed by CDKTF)',
      deletionProtection: true,
    });
    aws.addBucket('assets', { name: 'example-assets', bucket: 'acme-example-assets', storageType: 'S3', region: 'eu-west-1' });
    aws.addBucket('logs', { name: 'example-logs', bucket: 'acme-example-logs', storageType: 'S3', region: 'eu-west-1' });
    aws.addAiLlm('assistant', { name: 'example-assistant', aiType: 'AWS' });

    new TerraformOutput(this, 'key_id', { value: aws.id });
    new TerraformOutput(this, 'key_bucket_count', { value: aws.bucketCount, description: 'Buckets using the key, as of the last refresh.' });
    new TerraformOutput(this, 'key_ai_llm_count', { value: aws.aiLlmCount, description: 'AI models using the key, as of the last refresh.' });
  }
}

if (require.main === module) {
  const app = new App();
  new FlashbackExampleStack(app, 'flashback-example', { secretVersion: SECRET_VERSION });
  app.synth();
}
