/**
 * The SDKs in sdk/ are what Pulumi's generators make from schema.json now (nodejs, python, go), and the generated
 * Node.js SDK drives the native provider in an Automation API inline program against the emulator.
 *
 * `pulumi package gen-sdk` delegates to the language hosts, none of which the Go module proxy serves
 * (test/support/engine-gaps.ts), so the generation runs through pulumi-sdkgen: the same generators of pulumi pkg/v3
 * at the CLI's version. Only Node.js runs end to end here; Python and Go are generated and compared, not run
 * (no language host for them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { LocalWorkspace, type ProjectSettings, PulumiCommand } from '@pulumi/pulumi/automation';
import { ensureBuilt } from '../../support/build';
import { definedEnv, engineEnv, engineEnvInfo, makeTempDir, pulumiRoot, removeDir, repoRoot, requireEngine, runOk } from '../../support/engines';
import { type TestEmulator, startTestEmulator } from '../../pulumi/support/emulator';
import { pluginDir } from './project';

jest.setTimeout(900_000);

const LANGUAGES = ['nodejs', 'python', 'go'] as const;

/** The part of the generated Node.js SDK this test uses (it is compiled with its own tsconfig, not this project's). */
interface FlashbackSdk {
  ProviderApiKey: new (name: string, args: Record<string, pulumi.Input<string>>) => pulumi.CustomResource & { secret: pulumi.Output<string> };
  StorageBucket: new (name: string, args: Record<string, pulumi.Input<string>>) => pulumi.CustomResource;
  AiLlm: new (name: string, args: Record<string, pulumi.Input<string>>) => pulumi.CustomResource;
  getProviderApiKeysOutput(args: { workspaceId?: pulumi.Input<string> }, opts?: pulumi.InvokeOutputOptions): pulumi.Output<{ keys: { dependents: { type: string; name: string }[] }[] }>;
}

/** sdk/nodejs built as its README says (`tsc`, package.json next to the output), inside the repository so that it resolves @pulumi/pulumi. */
async function buildNodeSdk(): Promise<{ sdk: FlashbackSdk; dir: string }> {
  const dir = fs.mkdtempSync(path.join(repoRoot, '.engines', 'sdk-nodejs-'));
  await runOk(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(repoRoot, 'sdk', 'nodejs', 'tsconfig.json'), '--outDir', dir], { timeoutMs: 300_000 });
  fs.copyFileSync(path.join(repoRoot, 'sdk', 'nodejs', 'package.json'), path.join(dir, 'package.json'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { sdk: require(path.join(dir, 'index.js')) as FlashbackSdk, dir };
}

/** Every file under `dir`, by path relative to it. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('sdk/', () => {
  const fresh = makeTempDir('flashback-sdkgen-');
  afterAll(() => removeDir(fresh));

  it.each(LANGUAGES)('sdk/%s is what the generators make from schema.json now (regenerate: npm run sdk)', async (language) => {
    requireEngine('pulumi-sdkgen');
    await runOk('pulumi-sdkgen', [path.join(repoRoot, 'schema.json'), language, fresh]);
    const generated = tree(path.join(fresh, language));
    expect(Object.keys(generated).length).toBeGreaterThan(3);
    expect(tree(path.join(repoRoot, 'sdk', language))).toEqual(generated);
  });
});

describe('the generated Node.js SDK with the native provider (Automation API inline program)', () => {
  let emu: TestEmulator;
  let dir: string;
  let failed = true;
  let secretValue = 'sdk-secret-one';
  let flashback: FlashbackSdk;
  let sdkDir: string | undefined;

  const program = async () => {
    const key = new flashback.ProviderApiKey('sdk-key', { providerType: 'AWS', key: 'AKIASDKNODE', secret: pulumi.secret(secretValue), region: 'eu-west-1' });
    const bucket = new flashback.StorageBucket('sdk-bucket', { providerApiKeyId: key.id, name: 'sdk-bucket', bucket: 'sdk-bucket', storageType: 'S3' });
    const llm = new flashback.AiLlm('sdk-llm', { providerApiKeyId: key.id, name: 'sdk-llm', aiType: 'OPENAI' });
    const usage = flashback.getProviderApiKeysOutput({}, { dependsOn: [bucket, llm] });
    return {
      keyId: key.id,
      secretIsSecret: pulumi.output(key.secret).apply(() => pulumi.isSecret(key.secret)),
      dependents: usage.keys.apply((keys) => keys.flatMap((k) => k.dependents.map((d) => `${d.type} ${d.name}`)).sort()),
    };
  };

  beforeAll(async () => {
    requireEngine('pulumi');
    ensureBuilt();
    emu = await startTestEmulator();
    dir = makeTempDir('flashback-sdk-e2e-');
    ({ sdk: flashback, dir: sdkDir } = await buildNodeSdk());
  });
  afterAll(async () => {
    await emu?.close();
    if (sdkDir) removeDir(sdkDir);
    if (!failed) removeDir(dir);
  });

  it('creates, rotates in place and destroys through the SDK classes and function', async () => {
    const env = engineEnv({ tmpDir: dir, env: { FLASHBACK_API_URL: undefined, FLASHBACK_API_TOKEN: undefined, FLASHBACK_WORKSPACE_ID: undefined } });
    const info = engineEnvInfo(env);
    const workDir = path.join(dir, 'work');
    fs.mkdirSync(workDir);
    // Pulumi.yaml's plugins block (not in the Automation API's type): the plugin of this checkout.
    const projectSettings = { name: 'flashback-sdk', runtime: 'nodejs', backend: { url: env.PULUMI_BACKEND_URL! }, plugins: { providers: [{ name: 'flashback', path: pluginDir }] } } as ProjectSettings;
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: 'dev', projectName: 'flashback-sdk', program },
      { workDir, pulumiHome: info.pulumiHome, pulumiCommand: await PulumiCommand.get({ root: pulumiRoot }), envVars: definedEnv(env), projectSettings },
    );
    await stack.setAllConfig({ 'flashback:apiUrl': { value: emu.url }, 'flashback:token': { value: emu.token, secret: true }, 'flashback:workspaceId': { value: emu.workspaceId } });

    const output: string[] = [];
    const up = await stack.up({ onOutput: (s) => output.push(s) });
    expect(up.summary.resourceChanges).toMatchObject({ create: 4 });
    const keyId = String(up.outputs.keyId.value);
    expect(up.outputs.secretIsSecret.value).toBe(true);
    expect(up.outputs.dependents.value).toEqual(['ai_llm sdk-llm', 'storage_bucket sdk-bucket']);
    expect(await emu.client.apiKeys.list({ workspaceId: emu.workspaceId })).toEqual([expect.objectContaining({ id: keyId, key: 'AKIASDKNODE', bucket_count: 1, aillm_count: 1 })]);

    secretValue = 'sdk-secret-two';
    const rotated = await stack.up({ onOutput: (s) => output.push(s) });
    expect(rotated.summary.resourceChanges).toMatchObject({ update: 1, same: 3 });
    expect(rotated.outputs.keyId.value).toBe(keyId);
    const state = fs.readFileSync(path.join(info.pulumiBackendDir, '.pulumi', 'stacks', 'flashback-sdk', 'dev.json'), 'utf8');
    for (const plain of ['sdk-secret-one', 'sdk-secret-two', emu.token]) expect(state).not.toContain(plain);

    await stack.destroy({ onOutput: (s) => output.push(s) });
    expect(await emu.client.apiKeys.list({ workspaceId: emu.workspaceId })).toEqual([]);
    expect(output.join('').split('\n').filter((l) => /^\s*warning\b/i.test(l))).toEqual([]);
    const exported = await runOk('pulumi', ['stack', 'ls'], { cwd: workDir, env });
    expect(exported.stdout).toContain('dev');
    failed = false;
  });
});
