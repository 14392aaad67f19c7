/**
 * `npx flashback-iac provider install` as a user runs it, with a temporary HOME: afterwards plain
 * `terraform init` and `tofu init` (no CLI configuration, no network) install flashback/flashback
 * from the implied local mirror, write the lock file with the package's hash, and plan against
 * the emulator with no dev_overrides warning. Re-running is harmless, a second version installs
 * beside the first, and uninstall removes one version at a time.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAUNCHER, NODE_PROGRAM } from '../../../src/cli/provider/package-contents';
import { type RunningEmulator, startEmulator } from '../../../src/emulator';
import { distDir } from '../../support/build';
import { type RunResult, engineEnv, formatRun, makeTempDir, removeDir, requireEngine, run } from '../../support/engines';
import { PLATFORM, PROVIDER_VERSION, h1Hash, lockedHashes, providerBuildCache, providerExecutable } from '../../support/installed-provider';

jest.setTimeout(900_000);

const ENGINES = ['terraform', 'terraform-latest', 'tofu'] as const;
const HOST: Record<(typeof ENGINES)[number], string> = { terraform: 'registry.terraform.io', 'terraform-latest': 'registry.terraform.io', tofu: 'registry.opentofu.org' };
const OTHER_VERSION = '99.0.0-test';
/** Any network use fails fast (loopback, used by the emulator, is exempt). */
const OFFLINE = { HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1,localhost' };

let emu: RunningEmulator;
let dir: string;
let home: string;

beforeAll(async () => {
  for (const e of ENGINES) requireEngine(e);
  await providerExecutable(); // builds dist/ and warms the executable cache the CLI uses below
  dir = makeTempDir('fb-provider-install-');
  home = join(dir, 'home');
  mkdirSync(home);
  emu = await startEmulator({ port: 0, dataDir: join(dir, 'emulator') });
});
afterAll(async () => {
  await emu?.close();
  if (dir) removeDir(dir);
});

/** The package's CLI, as `npx flashback-iac` runs it, with the temporary HOME. */
const cli = (args: string[]): Promise<RunResult> =>
  run(process.execPath, [join(distDir, 'cli', 'main.js'), 'provider', ...args], { env: { ...process.env, HOME: home, FLASHBACK_IAC_CACHE_DIR: providerBuildCache }, timeoutMs: 600_000 });

const packageDir = (host: string, version: string) => join(home, '.terraform.d', 'plugins', host, 'flashback', 'flashback', version, PLATFORM);

const configuration = (version?: string) => `terraform {
  required_providers {
    flashback = {
      source = "flashback/flashback"${version ? `\n      version = "${version}"` : ''}
    }
  }
}
provider "flashback" {}
resource "flashback_provider_api_key" "k" {
  provider_type = "AWS"
  key           = "AKIAINSTALL"
  secret        = "install-test-secret"
}
`;

function project(engine: string, name: string, version?: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const work = join(dir, `${engine}-${name}`);
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'main.tf'), configuration(version));
  // No provider_installation block: only the implied local mirror in HOME, then the (unreachable) registry.
  const env = engineEnv({
    tmpDir: join(work, '.engine'),
    // XDG_CACHE_HOME unset: the provider's code cache goes to HOME's .cache.
    env: { ...OFFLINE, HOME: home, XDG_CACHE_HOME: '', ...extraEnv, FLASHBACK_API_URL: emu.url, FLASHBACK_API_TOKEN: emu.seeded.users[0].token, FLASHBACK_WORKSPACE_ID: emu.seeded.workspaces[0].id },
  });
  const tf = (args: string[]) => run(engine, [...args, '-no-color'], { cwd: work, env });
  return { work, tf };
}

function expectOk(r: RunResult): RunResult {
  if (r.code !== 0) throw new Error(formatRun(r));
  return r;
}
const noOverrideWarning = (r: RunResult) => expect(r.stdout + r.stderr).not.toMatch(/dev_overrides|development overrides/i);

it('installs into the implied local mirror of both engines: a launcher and the self-contained executable it runs', async () => {
  const first = expectOk(await cli(['install']));
  for (const host of ['registry.terraform.io', 'registry.opentofu.org']) {
    const dir = packageDir(host, PROVIDER_VERSION);
    const file = join(dir, `terraform-provider-flashback_v${PROVIDER_VERSION}`);
    expect(first.stdout).toContain(`Installed ${host}/flashback/flashback ${PROVIDER_VERSION}: ${file}`);
    expect(readdirSync(dir).sort()).toEqual([NODE_PROGRAM, `terraform-provider-flashback_v${PROVIDER_VERSION}`].sort());
    // The file the engines run: the sh launcher, which needs no node and no node_modules...
    expect(readFileSync(file, 'utf8')).toBe(LAUNCHER);
    // ...and execs the single executable beside it (ELF: Node.js and the provider inside).
    expect(readFileSync(join(dir, NODE_PROGRAM)).subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    expect(statSync(join(dir, NODE_PROGRAM)).mode & 0o111).toBe(0o111);
  }
});

describe.each(ENGINES)('%s', (engine) => {
  it('plain init installs it offline and writes the lock file with its hash; plan runs against the emulator with no dev_overrides warning', async () => {
    const { work, tf } = project(engine, 'plain');
    const init = expectOk(await tf(['init']));
    expect(init.stdout).toMatch(new RegExp(`Installed flashback/flashback v${PROVIDER_VERSION.replace(/\./g, '\\.')} \\(unauthenticated\\)`));
    noOverrideWarning(init);
    const lock = readFileSync(join(work, '.terraform.lock.hcl'), 'utf8');
    expect(lockedHashes(lock, `${HOST[engine]}/flashback/flashback`)).toEqual([h1Hash(packageDir(HOST[engine], PROVIDER_VERSION))]);
    const plan = expectOk(await tf(['plan']));
    expect(plan.stdout).toMatch(/Plan: 1 to add, 0 to change, 0 to destroy/);
    noOverrideWarning(plan);
    // V8's note that --jitless turned WebAssembly off goes to the engine's debug log only.
    expect(plan.stdout + plan.stderr).not.toContain('expose_wasm');
  });
});

it('a second install is harmless: nothing is rewritten and the lock files still match', async () => {
  const again = expectOk(await cli(['install']));
  expect(again.stdout).toContain(`Already installed registry.terraform.io/flashback/flashback ${PROVIDER_VERSION}`);
  expect(again.stdout).toContain(`Already installed registry.opentofu.org/flashback/flashback ${PROVIDER_VERSION}`);
  for (const engine of ENGINES) {
    const { tf } = project(engine, 'plain'); // same folder, its lock file from the first init
    expectOk(await tf(['init']));
  }
});

it('the installed provider keeps its code cache in the user cache folder, not in the package: written by a process that configured it, used by every later start', async () => {
  // The plain plans above configured the provider (first terraform, then terraform-latest and tofu on the same HOME).
  const cacheDir = join(home, '.cache', 'flashback-iac', 'code-cache');
  const files = readdirSync(cacheDir).filter((n) => n.endsWith('.v8cache'));
  expect(files).toHaveLength(1);
  expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
  expect(statSync(join(cacheDir, files[0])).mode & 0o777).toBe(0o600);
  const written = statSync(join(cacheDir, files[0])).mtimeMs;

  const { work, tf } = project('terraform', 'plain', undefined, { TF_LOG: 'debug' });
  const plan = expectOk(await tf(['plan']));
  const loaded = (plan.stdout + plan.stderr).split('\n').filter((l) => l.includes('provider loaded'));
  // Terraform starts the provider more than once for a plan (validation, then the plan itself): each start used the cache.
  expect(loaded.length).toBeGreaterThanOrEqual(2);
  for (const line of loaded) expect(line).toMatch(/late_code_cache=used/);
  // The launcher's --jitless reached V8 in the single executable.
  for (const line of loaded) expect(line).toMatch(/v8_jit=off/);
  expect(statSync(join(cacheDir, files[0])).mtimeMs).toBe(written);
  // The package is what the lock file hashed.
  expect(lockedHashes(readFileSync(join(work, '.terraform.lock.hcl'), 'utf8'), 'registry.terraform.io/flashback/flashback')).toEqual([h1Hash(packageDir('registry.terraform.io', PROVIDER_VERSION))]);
  expect(readdirSync(packageDir('registry.terraform.io', PROVIDER_VERSION)).sort()).toEqual([NODE_PROGRAM, `terraform-provider-flashback_v${PROVIDER_VERSION}`].sort());
});

it('a second version installs beside the first; each configuration gets the one it asks for; uninstall removes one at a time', async () => {
  expectOk(await cli(['install', '--provider-version', OTHER_VERSION]));
  for (const host of ['registry.terraform.io', 'registry.opentofu.org']) {
    expect(existsSync(packageDir(host, PROVIDER_VERSION))).toBe(true);
    expect(existsSync(packageDir(host, OTHER_VERSION))).toBe(true);
  }
  const pinnedOld = project('terraform', 'pinned-old', PROVIDER_VERSION);
  expect(expectOk(await pinnedOld.tf(['init'])).stdout).toContain(`Installed flashback/flashback v${PROVIDER_VERSION}`);
  const pinnedNew = project('tofu', 'pinned-new', OTHER_VERSION);
  expect(expectOk(await pinnedNew.tf(['init'])).stdout).toContain(`Installed flashback/flashback v${OTHER_VERSION}`);

  const removed = expectOk(await cli(['uninstall', '--provider-version', OTHER_VERSION]));
  expect(removed.stdout).toContain(`Removed ${join(packageDir('registry.terraform.io', OTHER_VERSION), `terraform-provider-flashback_v${OTHER_VERSION}`)}`);
  expect(existsSync(packageDir('registry.terraform.io', OTHER_VERSION))).toBe(false);
  expect(existsSync(packageDir('registry.terraform.io', PROVIDER_VERSION))).toBe(true);

  expectOk(await cli(['uninstall']));
  expect(existsSync(join(home, '.terraform.d', 'plugins', 'registry.terraform.io'))).toBe(false);
  const missing = await cli(['uninstall']);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain(`flashback/flashback ${PROVIDER_VERSION} (${PLATFORM}) is not installed`);
  const gone = await project('terraform', 'after-uninstall').tf(['init']);
  expect(gone.code).not.toBe(0);
  expect(gone.stdout + gone.stderr).toMatch(/flashback\/flashback/);
});
