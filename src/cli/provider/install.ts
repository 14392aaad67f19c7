/**
 * `provider install` / `provider uninstall`: the provider's package placed in a mirror in the
 * unpacked layout, under each engine's default registry host, so `terraform init` and `tofu init` find
 * `flashback/flashback` there like any other provider, with no dev_overrides.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ProviderPackagingError } from './errors';
import { REGISTRY_HOSTS, type RegistryHost, executableName, packageDirectory } from './layout';
import { entryBytes, packageEntries } from './package-contents';

export interface MirrorTarget {
  /** The mirror's root: an implied local mirror or a filesystem_mirror's path. */
  readonly mirror: string;
  readonly version: string;
  /** Terraform's os_arch. */
  readonly platform: string;
  readonly hosts?: readonly RegistryHost[];
}

export type InstallAction = 'installed' | 'unchanged' | 'replaced';

export interface InstalledPackage {
  readonly host: RegistryHost;
  readonly file: string;
  readonly action: InstallAction;
}

const digest = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Places the package of `executable` (see package-contents.ts) under each host of `target`. */
export function installProvider(executable: string, target: MirrorTarget): InstalledPackage[] {
  const entries = packageEntries(executable, target.version, target.platform).map((entry) => ({ entry, sha256: digest(entryBytes(entry)) }));
  // The first host's copies: the others link to them (one ~100 MB executable, not two).
  const placed = new Map<string, string>();
  return (target.hosts ?? REGISTRY_HOSTS).map((host) => {
    const dir = packageDirectory(target.mirror, host, target.version, target.platform);
    mkdirSync(dir, { recursive: true });
    const present = existsSync(join(dir, executableName(target.version, target.platform)));
    let changed = false;
    // What the engines run goes into place last, so that whoever finds it finds what it runs.
    for (const { entry, sha256 } of [...entries].reverse()) {
      const file = join(dir, entry.name);
      if (!(existsSync(file) && digest(readFileSync(file)) === sha256)) {
        // A copy renamed into place: a terraform running the old file keeps it, and nobody sees half a file.
        const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
        if (!tryLink(placed.get(entry.name) ?? null, partial)) {
          if ('file' in entry) copyFileSync(entry.file, partial);
          else writeFileSync(partial, entry.text);
          chmodSync(partial, 0o755);
        }
        renameSync(partial, file);
        changed = true;
      }
      if (!placed.has(entry.name)) placed.set(entry.name, file);
    }
    const action: InstallAction = !changed ? 'unchanged' : present ? 'replaced' : 'installed';
    return { host, file: join(dir, executableName(target.version, target.platform)), action };
  });
}

/** Removes the version's package (the given platform's) under each host; returns the files removed. */
export function uninstallProvider(target: MirrorTarget): string[] {
  const removed: string[] = [];
  for (const host of target.hosts ?? REGISTRY_HOSTS) {
    const dir = packageDirectory(target.mirror, host, target.version, target.platform);
    const file = join(dir, executableName(target.version, target.platform));
    if (!existsSync(file)) continue;
    rmSync(dir, { recursive: true, force: true });
    removed.push(file);
    removeEmptyParents(dirname(dir), target.mirror);
  }
  if (removed.length === 0) {
    throw new ProviderPackagingError('NOT_INSTALLED', `flashback/flashback ${target.version} (${target.platform}) is not installed in ${target.mirror}; nothing to remove.`);
  }
  return removed;
}

function tryLink(existing: string | null, path: string): boolean {
  if (existing === null) return false;
  try {
    linkSync(existing, path);
    return true;
  } catch {
    return false; // another file system, or links not allowed: copy instead
  }
}

/** Empty VERSION, TYPE, NAMESPACE and HOST folders go too; the mirror root itself stays. */
function removeEmptyParents(dir: string, root: string): void {
  for (let d = dir; d.startsWith(root) && d !== root; d = dirname(d)) {
    if (readdirSync(d).length > 0) return;
    rmdirSync(d);
  }
}
