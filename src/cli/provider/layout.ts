/**
 * Where a Terraform provider package lives: its names, its registry addresses, the platform
 * string of this machine, and the folders Terraform and OpenTofu search without any CLI
 * configuration ("implied local mirror directories").
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The package root: dist/cli/provider (or src/cli/provider under ts-jest) → ../../.. */
export const packageRoot = resolve(__dirname, '..', '..', '..');

export const PROVIDER_NAMESPACE = 'flashback';
export const PROVIDER_TYPE = 'flashback';
export const PROVIDER_EXECUTABLE = `terraform-provider-${PROVIDER_TYPE}`;

/** Each engine's default registry host: a source of `flashback/flashback` means one of these. */
export const REGISTRY_HOSTS = ['registry.terraform.io', 'registry.opentofu.org'] as const;
export type RegistryHost = (typeof REGISTRY_HOSTS)[number];

/** go-plugin protocol versions the release manifest declares. */
export const PROTOCOL_VERSIONS = ['6.0'] as const;

export function packageVersion(root: string = packageRoot): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

const GO_ARCH: Partial<Record<NodeJS.Architecture, string>> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };
const GO_OS: Partial<Record<NodeJS.Platform, string>> = { linux: 'linux', darwin: 'darwin', win32: 'windows', freebsd: 'freebsd', openbsd: 'openbsd' };

/** Terraform's `os_arch` for a Node platform and architecture, e.g. `linux_amd64`. */
export function terraformPlatform(platform: NodeJS.Platform = process.platform, arch: NodeJS.Architecture = process.arch): string {
  const os = GO_OS[platform];
  const goArch = GO_ARCH[arch];
  if (os === undefined || goArch === undefined) throw new Error(`Terraform publishes no providers for ${platform}/${arch}`);
  return `${os}_${goArch}`;
}

/** `terraform-provider-flashback_v0.1.0` (with `.exe` on Windows), the name inside a package. */
export function executableName(version: string, platform: string): string {
  return `${PROVIDER_EXECUTABLE}_v${version}${platform.startsWith('windows_') ? '.exe' : ''}`;
}

/** `HOST/flashback/flashback/VERSION/OS_ARCH`, the unpacked layout of a mirror. */
export function packageDirectory(mirror: string, host: RegistryHost, version: string, platform: string): string {
  return join(mirror, host, PROVIDER_NAMESPACE, PROVIDER_TYPE, version, platform);
}

/**
 * The implied local mirror both engines search first, with no CLI configuration: on Unix
 * `~/.terraform.d/plugins` (checked against Terraform 1.11/1.15 and OpenTofu 1.12 with TF_LOG=trace:
 * each lists it among its "provider search directories"), on Windows `%APPDATA%/terraform.d/plugins`.
 */
export function impliedMirror(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'terraform.d', 'plugins');
  return join(env.HOME ?? homedir(), '.terraform.d', 'plugins');
}

/** Where built executables are kept between runs: FLASHBACK_IAC_CACHE_DIR, else the XDG cache. */
export function buildCacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLASHBACK_IAC_CACHE_DIR) return resolve(env.FLASHBACK_IAC_CACHE_DIR);
  const base = env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(env.HOME ?? homedir(), '.cache');
  return join(base, 'flashback-iac', 'provider-builds');
}
