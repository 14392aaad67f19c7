/**
 * `npx flashback-iac provider package --out DIR --gpg-key KEY` (what `npm run release` runs) with a
 * throwaway GPG key: the registry's files, a signature gpg verifies, and a zip that Terraform 1.11,
 * 1.15 and OpenTofu install through a filesystem_mirror (packed layout) and plan with against the
 * emulator. `terraform providers lock -fs-mirror` records the zip's hash, and a changed provider
 * under the same version fails the lock check.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, appendFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { entryBytes, packageEntries } from '../../../src/cli/provider/package-contents';
import { writeRelease, zipName } from '../../../src/cli/provider/release';
import { type RunningEmulator, startEmulator } from '../../../src/emulator';
import { distDir } from '../../support/build';
import { type RunResult, engineEnv, formatRun, makeTempDir, removeDir, requireEngine, run } from '../../support/engines';
import { PLATFORM, PROVIDER_ADDRESSES, PROVIDER_VERSION, lockedHashes, oneKeyConfiguration, providerBuildCache, providerExecutable } from '../../support/installed-provider';

jest.setTimeout(900_000);

const ENGINES = ['terraform', 'terraform-latest', 'tofu'] as const;
const HOST: Record<(typeof ENGINES)[number], string> = { terraform: 'registry.terraform.io', 'terraform-latest': 'registry.terraform.io', tofu: 'registry.opentofu.org' };
const OFFLINE = { HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1,localhost' };
const PREFIX = `terraform-provider-flashback_${PROVIDER_VERSION}`;

let emu: RunningEmulator;
let dir: string;
let out: string;
let gnupgHome: string;
let executable: string;

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
/** Terraform's h1 of the package of `executable`: SHA-256 over the sorted "sha256  name" lines of its files. */
const h1OfPackage = (executable: string) =>
  `h1:${createHash('sha256')
    .update(
      [...packageEntries(executable, PROVIDER_VERSION, PLATFORM)]
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .map((entry) => `${createHash('sha256').update(entryBytes(entry)).digest('hex')}  ${entry.name}\n`)
        .join(''),
    )
    .digest('base64')}`;

function expectOk(r: RunResult): RunResult {
  if (r.code !== 0) throw new Error(formatRun(r));
  return r;
}

beforeAll(async () => {
  for (const e of ENGINES) requireEngine(e);
  // gpg is a tool of the release, not an engine: Debian's gnupg (scripts/test.sh installs it when missing).
  await run('gpg', ['--version'], { env: process.env }).catch((e: Error) => {
    throw new Error(`gpg is needed to sign the release (apt-get install -y gnupg): ${e.message}`);
  });
  executable = await providerExecutable();
  dir = makeTempDir('fb-provider-release-');
  out = join(dir, 'release');
  gnupgHome = join(dir, 'gnupg');
  mkdirSync(gnupgHome, { mode: 0o700 });
  emu = await startEmulator({ port: 0, dataDir: join(dir, 'emulator') });
});
afterAll(async () => {
  await emu?.close();
  if (dir) removeDir(dir);
});

const gpg = (args: string[]) => run('gpg', ['--homedir', gnupgHome, '--batch', ...args], { env: { ...process.env, GNUPGHOME: gnupgHome }, timeoutMs: 120_000 });

it('writes the zip, the manifest and SHA256SUMS with a detached signature gpg verifies', async () => {
  expectOk(await gpg(['--passphrase', '', '--quick-generate-key', 'Flashback release test <release-test@example.invalid>', 'rsa3072', 'sign', '1d']));
  const listing = expectOk(await gpg(['--with-colons', '--list-secret-keys'])).stdout;
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(listing)?.[1];
  expect(fingerprint).toBeDefined();

  const r = expectOk(
    await run(process.execPath, [join(distDir, 'cli', 'main.js'), 'provider', 'package', '--out', out, '--gpg-key', fingerprint as string], {
      env: { ...process.env, GNUPGHOME: gnupgHome, FLASHBACK_IAC_CACHE_DIR: providerBuildCache },
      timeoutMs: 600_000,
    }),
  );
  const zip = zipName(PROVIDER_VERSION, PLATFORM);
  expect(readdirSync(out).sort()).toEqual([`${PREFIX}_SHA256SUMS`, `${PREFIX}_SHA256SUMS.sig`, `${PREFIX}_manifest.json`, zip].sort());
  expect(r.stdout).toContain(`Wrote ${join(out, zip)}`);
  expect(JSON.parse(readFileSync(join(out, `${PREFIX}_manifest.json`), 'utf8'))).toEqual({ version: 1, metadata: { protocol_versions: ['6.0'] } });
  expect(readFileSync(join(out, `${PREFIX}_SHA256SUMS`), 'utf8')).toBe(
    [`${sha256(join(out, zip))}  ${zip}`, `${sha256(join(out, `${PREFIX}_manifest.json`))}  ${PREFIX}_manifest.json`].sort((a, b) => a.slice(66).localeCompare(b.slice(66))).join('\n') + '\n',
  );
  const verify = expectOk(await gpg(['--verify', join(out, `${PREFIX}_SHA256SUMS.sig`), join(out, `${PREFIX}_SHA256SUMS`)]));
  expect(verify.stderr).toMatch(/Good signature from "Flashback release test/);

  // Reproducible: the same executable packs into the same bytes.
  const again = await writeRelease({ outDir: join(dir, 'again'), version: PROVIDER_VERSION, executables: [{ platform: PLATFORM, executable }] });
  expect(sha256(again.zips[0])).toBe(sha256(join(out, zip)));
  expect(again.signature).toBeNull();
});

/** A filesystem mirror in the packed layout: HOST/flashback/flashback/<the release zip>. */
function packedMirror(name: string, zip: string): string {
  const mirror = join(dir, name);
  for (const address of PROVIDER_ADDRESSES) {
    mkdirSync(join(mirror, address), { recursive: true });
    copyFileSync(zip, join(mirror, address, zipName(PROVIDER_VERSION, PLATFORM)));
  }
  return mirror;
}

function project(engine: string, mirror: string) {
  const work = join(dir, `work-${engine}`);
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'main.tf'), oneKeyConfiguration('AKIARELEASE', 'release-test-secret', PROVIDER_VERSION));
  const env = engineEnv({
    tmpDir: join(work, '.engine'),
    filesystemMirror: mirror,
    env: { ...OFFLINE, HOME: join(dir, 'home'), FLASHBACK_API_URL: emu.url, FLASHBACK_API_TOKEN: emu.seeded.users[0].token, FLASHBACK_WORKSPACE_ID: emu.seeded.workspaces[0].id },
  });
  return { work, tf: (args: string[]) => run(engine, [...args, '-no-color'], { cwd: work, env }) };
}

describe.each(ENGINES)('%s', (engine) => {
  it('installs the packed zip from a filesystem_mirror, plans against the emulator; providers lock -fs-mirror records the zip\'s hash; a changed provider fails the lock check', async () => {
    const zip = join(out, zipName(PROVIDER_VERSION, PLATFORM));
    const expected = h1OfPackage(executable);
    const mirror = packedMirror(`mirror-${engine}`, zip);
    const { work, tf } = project(engine, mirror);
    const address = `${HOST[engine]}/flashback/flashback`;

    const init = expectOk(await tf(['init']));
    expect(init.stdout).toContain(`Installed flashback/flashback v${PROVIDER_VERSION}`);
    expect(lockedHashes(readFileSync(join(work, '.terraform.lock.hcl'), 'utf8'), address)).toEqual([expected]);
    expect(expectOk(await tf(['plan'])).stdout).toMatch(/Plan: 1 to add, 0 to change, 0 to destroy/);

    rmSync(join(work, '.terraform.lock.hcl'));
    expectOk(await tf(['providers', 'lock', `-fs-mirror=${mirror}`, `-platform=${PLATFORM}`]));
    expect(lockedHashes(readFileSync(join(work, '.terraform.lock.hcl'), 'utf8'), address)).toEqual([expected]);

    // The same version number with other bytes inside: the lock file refuses it.
    const changedExecutable = join(dir, `changed-${engine}`, `terraform-provider-flashback_v${PROVIDER_VERSION}`);
    mkdirSync(join(dir, `changed-${engine}`));
    copyFileSync(executable, changedExecutable);
    appendFileSync(changedExecutable, '\n# one changed byte is enough\n');
    const changed = await writeRelease({ outDir: join(dir, `changed-release-${engine}`), version: PROVIDER_VERSION, executables: [{ platform: PLATFORM, executable: changedExecutable }] });
    for (const a of PROVIDER_ADDRESSES) copyFileSync(changed.zips[0], join(mirror, a, zipName(PROVIDER_VERSION, PLATFORM)));
    rmSync(join(work, '.terraform'), { recursive: true, force: true });
    const refused = await tf(['init']);
    expect(refused.code).not.toBe(0);
    expect((refused.stdout + refused.stderr).replace(/\s+/g, ' ')).toMatch(/doesn't match any of the checksums previously recorded in the dependency lock file/);
  });
});
