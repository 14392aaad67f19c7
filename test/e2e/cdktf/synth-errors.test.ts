/**
 * Synth-time problems under the real `cdktf synth` (cdktf-cli 0.21), not only Testing.synth: every
 * problem of the app is reported at once as a construct error, each with the construct's path and
 * the fix, with no Node.js stack trace, the command fails, and the literal secret is written
 * nowhere. (Testing.synth and a bare app.synth() keep throwing the validation errors together:
 * test/cdktf/synth.test.ts.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { distDir, ensureBuilt, repoRoot } from '../../support/build';
import { type RunResult, engineEnv, makeTempDir, removeDir, requireEngine, run } from '../../support/engines';

jest.setTimeout(600_000);

const CDKTF = path.join(repoRoot, 'node_modules', '.bin', 'cdktf');
const LITERAL = 'cdktf-literal-secret-4d2e9b';
const OFFLINE = { HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1,localhost' };

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  requireEngine('terraform');
  ensureBuilt(['src/cdktf/', 'src/core/', 'src/client/']);
  dir = makeTempDir('flashback-cdktf-synth-errors-');
  env = engineEnv({
    tmpDir: path.join(dir, 'engine'),
    env: { ...OFFLINE, NODE_PATH: path.join(repoRoot, 'node_modules'), CI: '1', DISABLE_VERSION_CHECK: '1', CDKTF_HOME: path.join(dir, 'cdktf-home') },
  });
});
afterAll(() => removeDir(dir));

/** A project whose app is `body` (JavaScript with `cdktf` and our constructs in scope). */
function project(name: string, body: string): string {
  const root = path.join(dir, name);
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(
    path.join(root, 'cdktf.json'),
    JSON.stringify({ language: 'typescript', app: 'node main.js', projectId: '0b7e6a52-8c41-4f0e-9d3a-2a6f1c5e7b10', sendCrashReports: 'false', terraformProviders: [], terraformModules: [], context: {} }),
  );
  fs.writeFileSync(
    path.join(root, 'main.js'),
    `const { App, TerraformStack, TerraformVariable } = require('cdktf');
const { FlashbackProvider, ProviderApiKey, StorageBucketResource } = require(${JSON.stringify(path.join(distDir, 'cdktf'))});
const app = new App();
const stack = new TerraformStack(app, 'demo');
${body}
app.synth();
`,
  );
  return root;
}

const synth = (cwd: string): Promise<RunResult> => run(CDKTF, ['synth'], { cwd, env, timeoutMs: 300_000 });
/** The CLI colours its output even in CI mode. */
// eslint-disable-next-line no-control-regex
const plain = (r: RunResult) => (r.stdout + r.stderr).replace(/\u001b\[[0-9;]*m/g, '');

function filesContaining(root: string, needle: string): string[] {
  if (!fs.existsSync(root)) return [];
  const hits: string[] = [];
  for (const e of fs.readdirSync(root, { withFileTypes: true })) {
    const p = path.join(root, e.name);
    if (e.isDirectory()) hits.push(...filesContaining(p, needle));
    else if (e.isFile() && fs.readFileSync(p).includes(needle)) hits.push(p);
  }
  return hits;
}

it('reports a literal secret and a bucket outside its key\'s workspace together, with paths and fixes and no stack trace', async () => {
  const root = project(
    'two-problems',
    `new FlashbackProvider(stack, 'flashback', { workspaceId: 'ws-a' });
const key = new ProviderApiKey(stack, 'key', { providerType: 'AWS', key: 'AKIA', secret: ${JSON.stringify(LITERAL)} });
key.addBucket('elsewhere', { name: 'b', bucket: 'b', storageType: 'S3', workspaceId: 'ws-b' });
new StorageBucketResource(stack, 'bad_endpoint', { providerApiKeyId: key.id, name: 'c', bucket: 'c', storageType: 'S3', endpoint: 'not a url' });`,
  );
  const result = await synth(root);
  const text = plain(result);
  expect({ code: result.code, text }).toMatchObject({ code: 1 });
  const errors = text.split('\n').filter((line) => line.startsWith('ERROR ['));
  expect(errors).toEqual([
    expect.stringMatching(/^ERROR \[demo\/key\]: secret is a literal string, which would be written to the synthesized Terraform JSON \(cdk\.tf\.json\)\. Pass a reference instead: a TerraformVariable with sensitive: true/),
    expect.stringMatching(/^ERROR \[demo\/elsewhere\]: flashback_storage_bucket "elsewhere" is in workspace "ws-b" but uses the provider API key demo\/key, which is in workspace "ws-a"\. A key can only be used in its own workspace: leave workspaceId unset/),
    expect.stringMatching(/^ERROR \[demo\/bad_endpoint\]: endpoint must be an absolute http\(s\) URL/),
  ]);
  expect(text).toContain('While synthesizing one or more error annotations have been encountered');
  // No stack trace: neither Node's frames nor the app's source line.
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toContain('main.js:');
  expect(text).not.toContain('binding-support');
  expect(text).not.toContain(LITERAL);
  expect(filesContaining(path.join(root, 'cdktf.out'), LITERAL)).toEqual([]);
});

it('a correct app still synthesizes, and skipValidation still refuses to write a literal secret', async () => {
  const ok = project(
    'ok',
    `new FlashbackProvider(stack, 'flashback', { workspaceId: 'ws-a' });
const secret = new TerraformVariable(stack, 'secret', { type: 'string', sensitive: true });
new ProviderApiKey(stack, 'key', { providerType: 'AWS', key: 'AKIA', secret: secret.stringValue });`,
  );
  const good = await synth(ok);
  expect({ code: good.code, text: plain(good) }).toMatchObject({ code: 0 });
  expect(fs.existsSync(path.join(ok, 'cdktf.out', 'stacks', 'demo', 'cdk.tf.json'))).toBe(true);

  const skipping = project(
    'skip-validation',
    `new FlashbackProvider(stack, 'flashback', { workspaceId: 'ws-a' });
new ProviderApiKey(stack, 'key', { providerType: 'AWS', key: 'AKIA', secret: ${JSON.stringify(LITERAL)} });`,
  );
  fs.writeFileSync(path.join(skipping, 'main.js'), fs.readFileSync(path.join(skipping, 'main.js'), 'utf8').replace('new App()', 'new App({ skipValidation: true })'));
  const refused = await synth(skipping);
  expect(refused.code).toBe(1);
  expect(plain(refused)).toContain('demo/key: secret is a literal string');
  expect(plain(refused)).not.toContain(LITERAL);
  expect(filesContaining(path.join(skipping, 'cdktf.out'), LITERAL)).toEqual([]);
});
