/**
 * The example configurations the docs embed (docs-src/examples) are canonically formatted, valid,
 * and work: together they apply against the emulator with the real terraform, plan nothing more
 * afterwards, and destroy cleanly, with the provider installed by `terraform init` from a mirror.
 */
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourceModels } from '../../../src/core';
import { type RunningEmulator, startEmulator } from '../../../src/emulator';
import { repoRoot } from '../../support/build';
import { engineEnv, formatRun, makeTempDir, removeDir, requireEngine, run } from '../../support/engines';
import { providerMirror } from '../../support/installed-provider';

jest.setTimeout(300_000);

const EXAMPLES = join(repoRoot, 'docs-src', 'examples');
const SECRET = 'docs-example-secret-7c21';

let emu: RunningEmulator;
let dataDir: string;

beforeAll(async () => {
  requireEngine('terraform');
  dataDir = makeTempDir('fb-docs-emu-');
  emu = await startEmulator({ port: 0, dataDir });
});
afterAll(async () => {
  await emu?.close();
  removeDir(dataDir);
});

it('the docs examples are formatted, valid, and apply, re-plan empty and destroy against the emulator', async () => {
  const dir = makeTempDir('fb-docs-examples-');
  const env = engineEnv({
    tmpDir: join(dir, '.engine'),
    filesystemMirror: await providerMirror(dir),
    env: {
      FLASHBACK_API_URL: emu.url,
      TF_VAR_flashback_token: emu.seeded.users[0].token,
      TF_VAR_workspace_id: emu.seeded.workspaces[0].id,
      TF_VAR_aws_secret_access_key: SECRET,
    },
  });
  const tf = async (args: string[], okCodes = [0]) => {
    const r = await run('terraform', [...args, '-no-color'], { cwd: join(dir, 'work'), env });
    if (!okCodes.includes(r.code ?? -1)) throw new Error(formatRun(r));
    return r;
  };

  const fmt = await run('terraform', ['fmt', '-check', '-recursive', '-diff', EXAMPLES], { env });
  expect({ code: fmt.code, diff: fmt.stdout }).toEqual({ code: 0, diff: '' });

  // Every example in one configuration: the provider block, the key, the bucket and AI model using it, the data source.
  // One example per resource the provider serves: their number is what apply adds and destroy removes.
  const resources = readdirSync(join(EXAMPLES, 'resources')).sort();
  expect(resources).toEqual(resourceModels.map((m) => `flashback_${m.kind}`).sort());
  const files = ['provider/provider.tf', ...resources.map((r) => `resources/${r}/resource.tf`), 'data-sources/flashback_provider_api_keys/data-source.tf'];
  for (const f of files) cpSync(join(EXAMPLES, f), join(dir, 'work', f.replace(/\//g, '_')));
  writeFileSync(join(dir, 'work', 'outputs.tf'), 'output "key_id" {\n  value = flashback_provider_api_key.aws.id\n}\n');

  await tf(['init']);
  await tf(['validate']);
  const apply = await tf(['apply', '-auto-approve']);
  expect(apply.stdout).toContain(`Apply complete! Resources: ${resources.length} added, 0 changed, 0 destroyed`);
  expect(resources.length).toBeGreaterThanOrEqual(3);
  expect(apply.stdout).toMatch(/unused_aws_keys = \[\]/);
  expect(apply.stdout + apply.stderr).not.toContain(SECRET);
  await tf(['plan', '-detailed-exitcode']);
  // deletion_protection on the key does not stand in the way: its bucket and AI model go in the same plan.
  const destroy = await tf(['destroy', '-auto-approve']);
  expect(destroy.stdout).toContain(`Destroy complete! Resources: ${resources.length} destroyed`);
  removeDir(dir);
});
