/**
 * `provider package`: the files a Terraform or OpenTofu registry takes for one release, named as
 * the scaffolding framework's goreleaser names them:
 *   terraform-provider-flashback_{version}_{os}_{arch}.zip   holding terraform-provider-flashback_v{version}
 *                                                            (and what it runs: package-contents.ts)
 *   terraform-provider-flashback_{version}_manifest.json     protocol versions
 *   terraform-provider-flashback_{version}_SHA256SUMS        the zips and the manifest
 *   terraform-provider-flashback_{version}_SHA256SUMS.sig    detached GPG signature, when a key is given
 * The zips are reproducible: fixed entry time and mode, so the same executable gives the same bytes.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { ProviderPackagingError } from './errors';
import { PROTOCOL_VERSIONS, PROVIDER_EXECUTABLE } from './layout';
import { type PackageEntry, packageEntries } from './package-contents';

/** Zip entries carry this time (the earliest a zip can hold), not the build's. */
const ZIP_ENTRY_DATE = new Date(Date.UTC(1980, 0, 1));

export interface PlatformExecutable {
  /** Terraform's os_arch, e.g. linux_amd64. */
  readonly platform: string;
  readonly executable: string;
}

export interface ReleaseOptions {
  readonly outDir: string;
  readonly version: string;
  readonly executables: readonly PlatformExecutable[];
  /** A GPG key id, fingerprint or user id to sign SHA256SUMS with (gpg on PATH, its keyring in GNUPGHOME). */
  readonly gpgKey?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface ReleaseFiles {
  readonly zips: readonly string[];
  readonly manifest: string;
  readonly sums: string;
  readonly signature: string | null;
}

export const zipName = (version: string, platform: string): string => `${PROVIDER_EXECUTABLE}_${version}_${platform}.zip`;

export async function writeRelease(options: ReleaseOptions): Promise<ReleaseFiles> {
  if (options.executables.length === 0) throw new ProviderPackagingError('BAD_OPTION', 'No platform to package.');
  mkdirSync(options.outDir, { recursive: true });
  const prefix = join(options.outDir, `${PROVIDER_EXECUTABLE}_${options.version}`);
  const zips: string[] = [];
  for (const { platform, executable } of options.executables) {
    const zip = join(options.outDir, zipName(options.version, platform));
    await writeZip(zip, packageEntries(executable, options.version, platform));
    zips.push(zip);
  }
  const manifest = `${prefix}_manifest.json`;
  writeFileSync(manifest, JSON.stringify({ version: 1, metadata: { protocol_versions: PROTOCOL_VERSIONS } }, null, 2) + '\n');
  const sums = `${prefix}_SHA256SUMS`;
  const lines = [...zips, manifest].map((f) => `${createHash('sha256').update(readFileSync(f)).digest('hex')}  ${basename(f)}`).sort((a, b) => a.slice(66).localeCompare(b.slice(66)));
  writeFileSync(sums, lines.join('\n') + '\n');
  const signature = options.gpgKey === undefined ? null : await signDetached(sums, options.gpgKey, options.env ?? process.env);
  return { zips, manifest, sums, signature };
}

async function writeZip(zip: string, entries: readonly PackageEntry[]): Promise<void> {
  const { default: archiver } = await import('archiver');
  const archive = archiver('zip', { zlib: { level: 9 } });
  const output = createWriteStream(zip);
  const failure = new Promise<never>((_, reject) => archive.on('error', reject));
  archive.pipe(output);
  for (const entry of entries) archive.append('file' in entry ? createReadStream(entry.file) : Buffer.from(entry.text), { name: entry.name, date: ZIP_ENTRY_DATE, mode: 0o755 });
  await Promise.race([Promise.all([archive.finalize(), finished(output)]), failure]);
}

/** `gpg --detach-sign`: the binary signature the registries expect beside SHA256SUMS. */
function signDetached(file: string, key: string, env: NodeJS.ProcessEnv): Promise<string> {
  const signature = `${file}.sig`;
  if (existsSync(signature)) rmSync(signature);
  return new Promise((resolve, reject) => {
    const child = spawn('gpg', ['--batch', '--yes', '--pinentry-mode', 'loopback', '--local-user', key, '--output', signature, '--detach-sign', file], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.on('error', (e) =>
      reject(new ProviderPackagingError('SIGNING_FAILED', `gpg could not start (${e.message}): install it (Debian: apt-get install -y gnupg) or omit --gpg-key.`)),
    );
    child.on('close', (code) =>
      code === 0 ? resolve(signature) : reject(new ProviderPackagingError('SIGNING_FAILED', `gpg could not sign ${basename(file)} with key ${key} (exit ${code}):\n${output}`)),
    );
  });
}
