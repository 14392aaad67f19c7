/**
 * The native provider's rules under the plain Pulumi CLI (a YAML project): configuration from FLASHBACK_* when the
 * stack config has none, stack config taking precedence, a bad provider configuration and bad inputs failing the
 * preview naming the property, a replacement of a key in use reported at preview, a delete refused while in use
 * naming the dependents, and `pulumi import` of a storage bucket and an AI model.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CliProject, opsByName, pluginDir, previewJson, startCliProject, warningLines } from './project';

jest.setTimeout(900_000);

interface Spec {
  providerType: string;
  storageType: string;
  declared: boolean;
}

function projectYaml(s: Spec): string {
  const resources = s.declared
    ? `resources:
  key:
    type: flashback:ProviderApiKey
    properties:
      providerType: ${s.providerType}
      key: AKIARULES
      secret: \${keySecret}
  bucket:
    type: flashback:StorageBucket
    properties:
      providerApiKeyId: \${key.id}
      name: rules-bucket
      bucket: rules-bucket
      storageType: ${s.storageType}
outputs:
  keyId: \${key.id}
`
    : 'resources: {}\n';
  return `name: flashback-native-rules
runtime: yaml
plugins:
  providers:
    - name: flashback
      path: ${pluginDir}
config:
  keySecret:
    type: string
    secret: true
${resources}`;
}

let p: CliProject;
let failed = true;
const spec: Spec = { providerType: 'AWS', storageType: 'S3', declared: true };
const write = () => p.writeProject(projectYaml(spec));
const text = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

beforeAll(async () => {
  // No flashback:* stack config at all: the provider must take FLASHBACK_* from the environment.
  p = await startCliProject({ projectYaml: projectYaml(spec), stackConfig: false });
  Object.assign(p.env, { FLASHBACK_API_URL: p.emu.url, FLASHBACK_API_TOKEN: p.emu.token, FLASHBACK_WORKSPACE_ID: p.emu.workspaceId });
  await p.ok(['config', 'set', '--secret', 'keySecret', 'rules-secret']);
});
afterAll(async () => p?.close({ keep: failed }));

describe('native provider rules with plain pulumi', () => {
  let keyId: string;

  it('takes its configuration from FLASHBACK_* when the stack config has none', async () => {
    const r = await p.ok(['up', '--yes']);
    expect(warningLines(r)).toEqual([]);
    keyId = String((await p.outputs()).keyId);
    expect((await p.emu.client.apiKeys.list({ workspaceId: p.emu.workspaceId })).map((k) => k.id)).toEqual([keyId]);
  });

  it('stack config takes precedence over the environment (a wrong token there is used, and refused)', async () => {
    await p.ok(['config', 'set', '--secret', 'flashback:token', 'not-a-valid-token']);
    spec.storageType = 'GCS';
    write();
    const r = await p.pulumi(['up', '--yes']);
    expect(r.code).not.toBe(0);
    expect(text(r)).toMatch(/401|unauthori[sz]ed|token/i);
    expect(text(r)).not.toContain('not-a-valid-token');
    await p.ok(['config', 'rm', 'flashback:token']);
    spec.storageType = 'S3';
    write();
    // The stack's default provider keeps the configuration of the last update (deletes of resources no longer
    // declared use it): an update with the environment's token again.
    await p.ok(['up', '--yes']);
  });

  it('a provider configuration that cannot work fails the preview, naming the setting', async () => {
    await p.ok(['config', 'set', 'flashback:apiUrl', 'not a url']);
    const r = await p.pulumi(['preview']);
    expect(r.code).not.toBe(0);
    expect(text(r)).toContain('apiUrl must be an absolute http(s) URL');
    await p.ok(['config', 'rm', 'flashback:apiUrl']);
  });

  it('an invalid input fails the preview, naming the property', async () => {
    spec.storageType = 'FTP';
    write();
    const r = await p.pulumi(['preview']);
    expect(r.code).not.toBe(0);
    expect(text(r)).toContain('storageType must be one of S3, GCS, BLOB; got "FTP"');
    spec.storageType = 'S3';
    write();
  });

  it('a replacement of a key that something outside the stack uses is reported at preview, naming it', async () => {
    await p.emu.client.buckets.create({ workspaceId: p.emu.workspaceId, apiKeyUuid: keyId, name: 'other-team', bucket: 'other-team', storageType: 'S3' });
    spec.providerType = 'GCP';
    write();
    const r = await p.ok(['preview']);
    expect(text(r)).toMatch(/warning: Changing providerType replaces the key\. Replacing provider API key/);
    expect(text(r)).toContain('storage bucket "other-team"');
    expect(text(r)).toContain('storage bucket "rules-bucket"');
    const preview = await previewJson(p);
    expect(opsByName(preview)).toEqual({ key: 'replace', bucket: 'update' });
    spec.providerType = 'AWS';
    write();
  });

  it('deleting a key still in use is refused, naming what uses it', async () => {
    spec.declared = false;
    write();
    const r = await p.pulumi(['up', '--yes']);
    expect(r.code).not.toBe(0);
    expect(text(r)).toContain(`Deleting provider API key ${keyId} (workspace ${p.emu.workspaceId}) would fail: 1 resource still uses it`);
    expect(text(r)).toContain('storage bucket "other-team"');
    expect((await p.emu.client.apiKeys.list({ workspaceId: p.emu.workspaceId })).map((k) => k.id)).toEqual([keyId]);
    const other = (await p.emu.client.buckets.list({ workspaceId: p.emu.workspaceId })).find((b) => b.name === 'other-team')!;
    await p.emu.client.buckets.delete(other.id);
    await p.ok(['up', '--yes']);
    expect(await p.emu.client.apiKeys.list({ workspaceId: p.emu.workspaceId })).toEqual([]);
  });

  it('pulumi import takes over a storage bucket and an AI model by <workspace_id>/<id>, with generated code', async () => {
    const keyIdHand = await p.emu.client.apiKeys.create({ workspaceId: p.emu.workspaceId, provider: 'OPENAI', key: 'sk-hand', secret: 'sk-hand-secret' });
    const bucketId = await p.emu.client.buckets.create({ workspaceId: p.emu.workspaceId, apiKeyUuid: keyIdHand, name: 'hand-bucket', bucket: 'hand-bucket', storageType: 'S3', region: 'eu-west-1' });
    const llmId = await p.emu.client.aiLlms.create({ workspaceId: p.emu.workspaceId, apiKeyUuid: keyIdHand, name: 'hand-llm', aiType: 'OPENAI' });
    const ws = p.emu.workspaceId;
    const imports = path.join(p.dir, 'imports.json');
    fs.writeFileSync(
      imports,
      JSON.stringify({
        resources: [
          { type: 'flashback:index:StorageBucket', name: 'handBucket', id: `${ws}/${bucketId}` },
          { type: 'flashback:index:AiLlm', name: 'handLlm', id: `${ws}/${llmId}` },
        ],
      }),
    );
    const gen = path.join(p.dir, 'imported.yaml');
    const r = await p.ok(['import', '--file', imports, '--yes', '--protect=false', '--out', gen]);
    expect(warningLines(r)).toEqual([]);
    const state = await p.resources();
    expect(state.find((s) => s.urn.endsWith('::handBucket'))).toMatchObject({ id: bucketId, outputs: { name: 'hand-bucket', providerApiKeyId: keyIdHand, region: 'eu-west-1' } });
    expect(state.find((s) => s.urn.endsWith('::handLlm'))).toMatchObject({ id: llmId, outputs: { name: 'hand-llm', aiType: 'OPENAI', providerApiKeyId: keyIdHand } });
    const code = fs.readFileSync(gen, 'utf8');
    expect(code).toContain('type: flashback:StorageBucket');
    expect(code).toContain('type: flashback:AiLlm');
    expect(code).toContain(`providerApiKeyId: ${keyIdHand}`);

    // The generated code is the whole program for them: the next preview changes nothing.
    p.writeProject(projectYaml(spec).replace('resources: {}\n', code.slice(code.indexOf('resources:'))));
    expect(opsByName(await previewJson(p))).toEqual({});

    const missing = await p.pulumi(['import', 'flashback:index:StorageBucket', 'ghost', `${ws}/does-not-exist`, '--yes']);
    expect(missing.code).not.toBe(0);
    expect(text(missing)).toContain(`Cannot import: there is no storage bucket does-not-exist in workspace ${ws}`);
    const malformed = await p.pulumi(['import', 'flashback:index:StorageBucket', 'ghost', bucketId, '--yes']);
    expect(malformed.code).not.toBe(0);
    expect(text(malformed)).toContain('is not of the form <workspace_id>/<id>');
  });

  it('an explicit provider resource takes apiUrl, token and workspaceId as inputs, the token kept secret', async () => {
    spec.declared = false;
    write();
    await p.ok(['up', '--yes']);
    // A wrong token in the environment: only the provider's own inputs can make this work.
    p.env.FLASHBACK_API_TOKEN = 'wrong-env-token';
    await p.ok(['config', 'set', '--secret', 'explicitToken', p.emu.token]);
    p.writeProject(`name: flashback-native-rules
runtime: yaml
plugins:
  providers:
    - name: flashback
      path: ${pluginDir}
config:
  explicitToken:
    type: string
    secret: true
resources:
  prov:
    type: pulumi:providers:flashback
    properties:
      apiUrl: ${p.emu.url}
      token: \${explicitToken}
      workspaceId: ${p.emu.otherWorkspaceId}
  explicitKey:
    type: flashback:ProviderApiKey
    properties:
      providerType: OPENAI
      key: sk-explicit
      secret: sk-explicit-secret
    options:
      provider: \${prov}
`);
    const r = await p.ok(['up', '--yes']);
    expect(warningLines(r)).toEqual([]);
    expect((await p.emu.client.apiKeys.list({ workspaceId: p.emu.otherWorkspaceId })).map((k) => k.key)).toEqual(['sk-explicit']);
    expect(p.stateFileText()).not.toContain(p.emu.token);
    await p.ok(['destroy', '--yes']);
    expect(await p.emu.client.apiKeys.list({ workspaceId: p.emu.otherWorkspaceId })).toEqual([]);
    failed = false;
  });
});
