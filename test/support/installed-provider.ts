/**
 * The provider as users install it: the single executable `flashback-iac provider install` builds,
 * placed in a temporary filesystem mirror, found by `terraform init` (no dev_overrides). The
 * executable is built once per bundle and Node.js version into .cache/provider-builds (gitignored),
 * so a test run builds it once, whichever test file asks first.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { bundleProvider } from '../../src/cli/provider/bundle';
import { buildExecutable } from '../../src/cli/provider/executable';
import { installProvider } from '../../src/cli/provider/install';
import { REGISTRY_HOSTS, packageVersion, terraformPlatform } from '../../src/cli/provider/layout';
import { ensureBuilt, repoRoot } from './build';

export const providerBuildCache = join(repoRoot, '.cache', 'provider-builds');
export const PROVIDER_VERSION = packageVersion(repoRoot);
export const PLATFORM = terraformPlatform();
export const PROVIDER_ADDRESSES = REGISTRY_HOSTS.map((host) => `${host}/flashback/flashback`);

/** dist/ built, bundled (into a file of this process's own), and made into the cached executable. */
export async function providerExecutable(): Promise<string> {
  ensureBuilt(['src/terraform/', 'src/client/', 'src/core/', 'src/cli/']);
  const scratch = mkdtempSync(join(tmpdir(), 'flashback-bundle-'));
  try {
    const bundle = await bundleProvider(repoRoot, join(scratch, 'terraform-provider-flashback.cjs'));
    return (await buildExecutable({ bundle, cacheDir: providerBuildCache })).path;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A new filesystem mirror (unpacked layout) holding the provider under both registry hosts. */
export async function providerMirror(parent: string): Promise<string> {
  const mirror = join(parent, 'provider-mirror');
  installProvider(await providerExecutable(), { mirror, version: PROVIDER_VERSION, platform: PLATFORM });
  return mirror;
}

/**
 * Terraform's `h1:` hash of a package folder (or of a zip's contents, which is the same): SHA-256
 * of the sorted "sha256hex  relative/path" lines of its files, base64.
 */
export function h1Hash(packageDir: string): string {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(packageDir);
  const lines = files
    .map((f) => relative(packageDir, f).split('\\').join('/'))
    .sort()
    .map((name) => `${createHash('sha256').update(readFileSync(join(packageDir, name))).digest('hex')}  ${name}\n`);
  return `h1:${createHash('sha256').update(lines.join('')).digest('base64')}`;
}

/** The `hashes` a lock file records for a provider address. */
export function lockedHashes(lockFileText: string, address: string): string[] {
  const block = new RegExp(`provider "${address.replace(/[.]/g, '\\.')}" \\{([\\s\\S]*?)\\n\\}`).exec(lockFileText);
  if (!block) return [];
  return [...block[1].matchAll(/"((?:h1|zh):[^"]+)"/g)].map((m) => m[1]);
}

/** A configuration of one provider API key requiring flashback/flashback (at `version`, when given) from wherever the CLI configuration installs it. */
export function oneKeyConfiguration(key: string, secret: string, version?: string): string {
  return `terraform {
  required_providers {
    flashback = { source = "flashback/flashback"${version === undefined ? '' : `, version = "${version}"`} }
  }
}
provider "flashback" {}
resource "flashback_provider_api_key" "k" {
  provider_type = "AWS"
  key           = "${key}"
  secret        = "${secret}"
}
`;
}
