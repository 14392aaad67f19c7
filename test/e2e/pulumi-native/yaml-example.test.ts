/**
 * examples/pulumi-yaml under the plain Pulumi CLI (`runtime: yaml`, the real pulumi-language-yaml) with the native
 * provider pulumi-resource-flashback: configured from stack config only (the SDK's provider server drops
 * configuration; this proves the workaround), create, usage as outputs, rotation through a config secret as one
 * in-place update, refresh of drift and of an out-of-band deletion, `pulumi import` with generated code, destroy.
 * Every CLI run is checked for warnings: normal operation prints none.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CliProject, exampleDir, opsByName, previewJson, startCliProject, warningLines } from './project';

jest.setTimeout(900_000);

const exampleYaml = fs.readFileSync(path.join(exampleDir, 'Pulumi.yaml'), 'utf8');
const KEY = 'flashback:index:ProviderApiKey';

let p: CliProject;
let failed = true;

beforeAll(async () => {
  p = await startCliProject({ projectYaml: exampleYaml });
  await p.ok(['config', 'set', '--secret', 'awsAccessKeyId', 'AKIAYAMLEXAMPLE']);
  await p.ok(['config', 'set', '--secret', 'awsSecretAccessKey', 'yaml-secret-one']);
});
afterAll(async () => p?.close({ keep: failed }));

const keysOf = () => p.emu.client.apiKeys.list({ workspaceId: p.emu.workspaceId });
const bucketsOf = () => p.emu.client.buckets.list({ workspaceId: p.emu.workspaceId });

describe('examples/pulumi-yaml with plain pulumi', () => {
  let keyId: string;

  it('preview plans the key, two buckets and the AI model, with no warning', async () => {
    const r = await p.ok(['preview']);
    expect(warningLines(r)).toEqual([]);
    const preview = await previewJson(p);
    expect(opsByName(preview)).toEqual({ aws: 'create', logs: 'create', assets: 'create', assistant: 'create' });
    expect(await keysOf()).toEqual([]);
  });

  it('up creates them with the configuration from stack config, and the outputs say what uses the key', async () => {
    const r = await p.ok(['up', '--yes']);
    expect(warningLines(r)).toEqual([]);
    const out = await p.outputs();
    keyId = String(out.keyId);
    const [k] = await keysOf();
    expect(k).toMatchObject({ id: keyId, provider: 'AWS', key: 'AKIAYAMLEXAMPLE', bucket_count: 2, aillm_count: 1 });
    const usage = out.workspaceKeys as { id: string; dependents: { type: string; name: string }[] }[];
    expect(usage.map((u) => ({ id: u.id, dependents: u.dependents.map((d) => `${d.type} ${d.name}`).sort() }))).toEqual([
      { id: keyId, dependents: ['ai_llm dev-assistant', 'storage_bucket dev-assets', 'storage_bucket dev-logs'] },
    ]);
  });

  it('keeps the secret, the key and the API token encrypted in the state', async () => {
    const state = p.stateFileText();
    for (const plain of ['yaml-secret-one', 'AKIAYAMLEXAMPLE', p.emu.token]) expect(state).not.toContain(plain);
    const key = (await p.resources()).find((r) => r.type === KEY)!;
    expect(key.id).toBe(keyId);
    for (const prop of ['key', 'secret']) {
      expect(key.inputs?.[prop]).toMatchObject({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270' });
      expect(key.outputs?.[prop]).toMatchObject({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270' });
    }
  });

  it('a new secret in stack config is one in-place update of the key, same id, dependents untouched', async () => {
    await p.ok(['config', 'set', '--secret', 'awsSecretAccessKey', 'yaml-secret-two']);
    const preview = await previewJson(p, ['--diff']);
    expect(opsByName(preview)).toEqual({ aws: 'update' });
    expect(preview.steps.find((s) => s.urn.endsWith('::aws'))?.diffReasons).toEqual(['secret']);
    const r = await p.ok(['up', '--yes']);
    expect(warningLines(r)).toEqual([]);
    expect((await p.outputs()).keyId).toBe(keyId);
    expect(p.stateFileText()).not.toContain('yaml-secret-two');
    expect(opsByName(await previewJson(p))).toEqual({});
  });

  it('refresh picks up drift and an object deleted outside Pulumi; up puts them back', async () => {
    await p.emu.client.apiKeys.update(keyId, { description: 'edited in the console' });
    const assets = (await bucketsOf()).find((b) => b.name === 'dev-assets')!;
    await p.emu.client.buckets.delete(assets.id);
    const r = await p.ok(['refresh', '--yes']);
    expect(warningLines(r)).toEqual([]);
    const state = await p.resources();
    expect(state.find((s) => s.type === KEY)?.outputs?.description).toBe('edited in the console');
    expect(state.some((s) => s.urn.endsWith('::assets'))).toBe(false);
    expect(state.find((s) => s.type === KEY)?.outputs?.bucketCount).toBe(1);

    expect(opsByName(await previewJson(p))).toEqual({ aws: 'update', assets: 'create' });
    await p.ok(['up', '--yes']);
    const [k] = await keysOf();
    expect(k).toMatchObject({ id: keyId, description: 'Shared AWS credential for storage and AI (managed by Pulumi YAML)', bucket_count: 2 });
  });

  it('pulumi import adopts a key made outside Pulumi and generates its code; the next preview asks only for the secret', async () => {
    const madeId = await p.emu.client.apiKeys.create({ workspaceId: p.emu.workspaceId, provider: 'GCP', key: 'gcp-made-by-hand', secret: 'hand-secret', region: 'europe-west1' });
    const gen = path.join(p.dir, 'imported.yaml');
    const r = await p.ok(['import', KEY, 'handmade', `${p.emu.workspaceId}/${madeId}`, '--yes', '--protect=false', '--out', gen]);
    expect(warningLines(r)).toEqual([]);
    const imported = (await p.resources()).find((s) => s.urn.endsWith('::handmade'))!;
    expect(imported).toMatchObject({ type: KEY, id: madeId });
    expect(imported.outputs).toMatchObject({ workspaceId: p.emu.workspaceId, providerType: 'GCP', region: 'europe-west1' });
    expect(imported.outputs).not.toHaveProperty('secret');

    const code = fs.readFileSync(gen, 'utf8');
    expect(code).toContain('type: flashback:ProviderApiKey');
    expect(code).toContain('providerType: GCP');
    expect(code).toContain('region: europe-west1');
    // The one value the API cannot return is left for the user to fill in.
    expect(code).toContain('secret: ""');

    // The generated code as is: the preview fails, naming only the secret.
    const resourcesBlock = code.replace(/^resources:\n/m, '');
    p.writeProject(exampleYaml.replace(/^resources:\n/m, `resources:\n${resourcesBlock.trimEnd()}\n`));
    const asked = await p.pulumi(['preview']);
    expect(asked.code).not.toBe(0);
    expect(asked.stdout + asked.stderr).toContain(`secret is required: the provider API key ${madeId} was imported`);

    // With the secret added, the key is updated in place and nothing else changes.
    await p.ok(['config', 'set', '--secret', 'handmadeSecret', 'hand-secret']);
    const withSecret = resourcesBlock.replace('secret: ""', 'secret: ${handmadeSecret}');
    p.writeProject(exampleYaml.replace(/^resources:\n/m, `resources:\n${withSecret.trimEnd()}\n`).replace(/^config:\n/m, 'config:\n  handmadeSecret:\n    type: string\n    secret: true\n'));
    const preview = await previewJson(p, ['--diff']);
    expect(opsByName(preview)).toEqual({ handmade: 'update' });
    expect(preview.steps.find((s) => s.urn.endsWith('::handmade'))?.diffReasons).toEqual(['secret']);
    await p.ok(['up', '--yes']);
    expect(opsByName(await previewJson(p))).toEqual({});
  });

  it('destroy removes everything it manages, with no warning', async () => {
    const r = await p.ok(['destroy', '--yes']);
    expect(warningLines(r)).toEqual([]);
    expect(await keysOf()).toEqual([]);
    expect(await bucketsOf()).toEqual([]);
    expect(await p.emu.client.aiLlms.list({ workspaceId: p.emu.workspaceId })).toEqual([]);
    failed = false;
  });
});
