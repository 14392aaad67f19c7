/**
 * `flashback-iac pulumi-plugin package`: the release tarball of the native Pulumi provider,
 * for `pulumi plugin install resource flashback <version> --file <tarball>`.
 *
 * The tarball's root holds what the engine runs, `pulumi-resource-flashback` (a shell script
 * that runs Node 20+ on the bundle next to it), the bundle (`dist/pulumi/provider.js`, esbuild:
 * the provider and its npm dependencies in one file, only Node built-ins left to require), and
 * the `package.json` the bundle reads its version from. Runs from a checkout (esbuild is a
 * development dependency), after `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CA_HANDOVER } from './launcher-shell';

/** The package root: dist/cli → ../.. */
const packageRoot = path.resolve(__dirname, '..', '..');
export const PLUGIN_NAME = 'pulumi-resource-flashback';

export interface PulumiPluginPackage {
  file: string;
  version: string;
  bytes: number;
}

const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/** Pulumi's names for the platform: `linux-amd64`, `darwin-arm64`, ... */
export function pulumiPlatform(): string {
  return `${process.platform}-${GOARCH[process.arch] ?? process.arch}`;
}

/** What the engine runs: exported for test/cli/provider-launcher.test.ts. */
export const WRAPPER = `#!/bin/sh
# The flashback Pulumi provider (flashback-iac): Node.js 20 or later on PATH runs the bundle next to this script.
# NODE_EXTRA_CA_CERTS goes to the provider's API client (src/cli/launcher-shell.ts).
${CA_HANDOVER}# exec, so the engine's signals reach node itself.
exec node "$(dirname "$(readlink -f "$0")")/dist/pulumi/provider.js" "$@"
`;

export async function packagePulumiPlugin(opts: { outDir: string }): Promise<PulumiPluginPackage> {
  const entry = path.join(packageRoot, 'dist', 'pulumi', 'native', 'main.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first.`);
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };

  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'flashback-pulumi-plugin-'));
  fs.chmodSync(stage, 0o755);
  try {
    // A development dependency: loaded only here, so the installed package does not need it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: path.join(stage, 'dist', 'pulumi', 'provider.js'),
      logLevel: 'error',
      legalComments: 'linked',
    });
    fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version, license: pkg.license, private: true }, null, 2) + '\n');
    fs.writeFileSync(path.join(stage, PLUGIN_NAME), WRAPPER, { mode: 0o755 });
    fs.copyFileSync(path.join(packageRoot, 'schema.json'), path.join(stage, 'schema.json'));

    fs.mkdirSync(opts.outDir, { recursive: true });
    const file = path.resolve(opts.outDir, `${PLUGIN_NAME}-v${pkg.version}-${pulumiPlatform()}.tar.gz`);
    const tar = spawnSync('tar', ['-czf', file, '-C', stage, '--owner=0', '--group=0', '.'], { encoding: 'utf8' });
    if (tar.error || tar.status !== 0) throw new Error(`tar failed: ${tar.error?.message ?? tar.stderr}`);
    return { file, version: pkg.version, bytes: fs.statSync(file).size };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}
