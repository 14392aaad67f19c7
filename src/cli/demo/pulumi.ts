import { mkdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { LocalWorkspace, PulumiCommand } from '@pulumi/pulumi/automation';
import { FlashbackClient } from '../../client';
import { AiLlm, ProviderApiKey, StorageBucket, registerDeletionGuard } from '../../pulumi';
import type { DemoTarget } from './terraform';
import { type Out, indent } from './tools';

/** The conflict paragraph of a failed preview, without the engine's surrounding log. */
export function conflictParagraph(text: string): string {
  const start = text.lastIndexOf('Deleting provider API key');
  const end = text.indexOf('then delete the key.', start);
  return start >= 0 && end > start ? text.slice(start, end + 'then delete the key.'.length).replace(/^\s+/gm, (ws) => (ws.length > 4 ? '  ' : '')) : text.trim().split('\n').slice(-8).join('\n');
}

/**
 * The same story with Pulumi: an inline program (Automation API, file backend, offline) with
 * this package's dynamic resources.
 */
export async function pulumiWalkthrough(pulumiPath: string, target: DemoTarget, out: Out): Promise<void> {
  const dir = join(target.dir, 'pulumi');
  const home = join(dir, 'home');
  const backend = join(dir, 'state');
  mkdirSync(home, { recursive: true });
  mkdirSync(backend, { recursive: true });
  const envVars: Record<string, string> = {
    PATH: [dirname(pulumiPath), process.env.PATH ?? ''].join(delimiter),
    PULUMI_CONFIG_PASSPHRASE: 'flashback-demo',
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_HOME: home,
  };
  let withKey = true;
  const program = async () => {
    registerDeletionGuard();
    if (!withKey) return {};
    const cfg = new pulumi.Config();
    const key = new ProviderApiKey('aws', { providerType: 'AWS', key: cfg.requireSecret('awsAccessKeyId'), secret: cfg.requireSecret('awsSecret'), region: 'eu-west-1' });
    new StorageBucket('logs', { providerApiKeyId: key.id, name: 'demo-pulumi-logs', bucket: 'acme-logs', storageType: 'S3' });
    new StorageBucket('assets', { providerApiKeyId: key.id, name: 'demo-pulumi-assets', bucket: 'acme-assets', storageType: 'S3' });
    new AiLlm('assistant', { providerApiKeyId: key.id, name: 'demo-pulumi-assistant', aiType: 'AWS' });
    return { keyId: key.id };
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: 'demo', projectName: 'flashback-demo', program },
    {
      workDir: dir,
      pulumiHome: home,
      pulumiCommand: await PulumiCommand.get({ root: dirname(dirname(pulumiPath)), skipVersionCheck: true }),
      envVars,
      projectSettings: { name: 'flashback-demo', runtime: 'nodejs', backend: { url: `file://${backend}` } },
    },
  );
  await stack.setAllConfig({
    'flashback:apiUrl': { value: target.url },
    'flashback:token': { value: target.token, secret: true },
    'flashback:workspaceId': { value: target.workspaceId },
    awsAccessKeyId: { value: 'AKIADEMOPULUMI', secret: true },
    awsSecret: { value: 'demo-pulumi-secret-v1', secret: true },
  });
  const version = (await stack.workspace.pulumiVersion).trim();
  out(`\n== Pulumi (CLI ${version}) with the flashback dynamic resources`);

  out('\n1. pulumi up: a key shared by two buckets and an AI model');
  const up = await stack.up();
  out(`   ${JSON.stringify(up.summary.resourceChanges)}; key ${String(up.outputs.keyId?.value)}`);

  out('\n2. Rotate the secret (pulumi config set --secret awsSecret ...; pulumi up)');
  await stack.setConfig('awsSecret', { value: 'demo-pulumi-secret-v2', secret: true });
  const rotated = await stack.up();
  out(`   ${JSON.stringify(rotated.summary.resourceChanges)}; key ${String(rotated.outputs.keyId?.value)}`);

  out('\n3. Another team\'s bucket uses the key; a preview that removes the key fails before anything is applied');
  const client = new FlashbackClient({ apiUrl: target.url, token: target.token, env: {} });
  const keyId = String(rotated.outputs.keyId?.value);
  const outsider = await client.buckets.create({ workspaceId: target.workspaceId, apiKeyUuid: keyId, name: 'other-team-reports', bucket: 'acme-reports', storageType: 'S3' });
  withKey = false;
  try {
    await stack.preview();
    out('   unexpected: the preview passed');
  } catch (e) {
    out(indent(conflictParagraph(e instanceof Error ? e.message : String(e))));
  }

  out('\n4. The other team moves off the key; pulumi destroy --run-program');
  await client.buckets.delete(outsider);
  withKey = true;
  const destroyed = await stack.destroy({ runProgram: true });
  out(`   deleted: ${destroyed.summary.resourceChanges?.delete ?? 0} (the stack, the key, two buckets, the AI model)`);
}
