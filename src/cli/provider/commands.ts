/** `flashback-iac provider install | uninstall | package | bundle`. */
import type { Command } from 'commander';
import { bundleProvider, currentBundle } from './bundle';
import { buildExecutable } from './executable';
import { installProvider, uninstallProvider } from './install';
import { REGISTRY_HOSTS, impliedMirror, packageVersion, terraformPlatform } from './layout';
import { writeRelease } from './release';

interface MirrorOptions {
  mirror?: string;
  providerVersion?: string;
}
interface BuildOptions {
  codeCache?: boolean;
}

const versionOf = (o: MirrorOptions): string => o.providerVersion ?? packageVersion();

async function executable(o: BuildOptions): Promise<string> {
  const built = await buildExecutable({ bundle: await currentBundle(), codeCache: o.codeCache === true });
  if (built.built) console.log(`Built ${built.path} (${(built.sizeBytes / 2 ** 20).toFixed(1)} MiB, a Node.js single executable with the provider inside)`);
  return built.path;
}

export function registerProviderCommands(program: Command): void {
  const provider = program.command('provider').description('Install the Terraform/OpenTofu provider for `terraform init`, or package a release');
  const mirrorOption = '--mirror <dir>';
  const mirrorHelp = 'a filesystem_mirror directory instead of the implied local mirror (~/.terraform.d/plugins)';
  const versionHelp = 'the version to install it as (default: this package\'s); for trying an upgrade beside the installed one';

  provider
    .command('install')
    .description('Install flashback/flashback where `terraform init` and `tofu init` find it with no CLI configuration (or into --mirror)')
    .option(mirrorOption, mirrorHelp)
    .option('--provider-version <version>', versionHelp)
    .option('--code-cache', 'build with V8\'s code cache: a faster start, but bytes (and so lock-file hashes) differ from build to build')
    .action(async (o: MirrorOptions & BuildOptions) => {
      const file = await executable(o);
      const mirror = o.mirror ?? impliedMirror();
      const version = versionOf(o);
      for (const p of installProvider(file, { mirror, version, platform: terraformPlatform() })) {
        console.log(`${p.action === 'unchanged' ? 'Already installed' : p.action === 'replaced' ? 'Replaced' : 'Installed'} ${p.host}/flashback/flashback ${version}: ${p.file}`);
      }
      console.log(
        o.mirror === undefined
          ? 'Run `terraform init` (or `tofu init`) in a configuration that requires source = "flashback/flashback".'
          : `Point a filesystem_mirror at it in the CLI configuration:\n  provider_installation {\n    filesystem_mirror {\n      path    = ${JSON.stringify(mirror)}\n      include = [${REGISTRY_HOSTS.map((h) => JSON.stringify(`${h}/flashback/flashback`)).join(', ')}]\n    }\n    direct {\n      exclude = [${REGISTRY_HOSTS.map((h) => JSON.stringify(`${h}/flashback/flashback`)).join(', ')}]\n    }\n  }`,
      );
    });

  provider
    .command('uninstall')
    .description('Remove the installed flashback/flashback of this version (other versions stay)')
    .option(mirrorOption, mirrorHelp)
    .option('--provider-version <version>', 'the version to remove (default: this package\'s)')
    .action((o: MirrorOptions) => {
      for (const file of uninstallProvider({ mirror: o.mirror ?? impliedMirror(), version: versionOf(o), platform: terraformPlatform() })) console.log(`Removed ${file}`);
    });

  provider
    .command('package')
    .description('Write the release files a provider registry takes: zips, SHA256SUMS, manifest, and a detached signature with --gpg-key')
    .requiredOption('--out <dir>', 'folder to write them into')
    .option('--gpg-key <key>', 'GPG key (id, fingerprint or user id) to sign SHA256SUMS with; default $GPG_FINGERPRINT')
    .option('--code-cache', 'build with V8\'s code cache (bytes differ from build to build)')
    .action(async (o: { out: string; gpgKey?: string } & BuildOptions) => {
      const version = packageVersion();
      const platform = terraformPlatform();
      const files = await writeRelease({
        outDir: o.out,
        version,
        executables: [{ platform, executable: await executable(o) }],
        gpgKey: o.gpgKey ?? (process.env.GPG_FINGERPRINT || undefined),
      });
      for (const f of [...files.zips, files.manifest, files.sums, ...(files.signature ? [files.signature] : [])]) console.log(`Wrote ${f}`);
      if (files.signature === null) console.log('SHA256SUMS is not signed: registries need a signature (pass --gpg-key or set GPG_FINGERPRINT).');
      console.log(`Platforms: ${platform} only. A Node.js single executable is built from the Node.js binary of its own platform, and this machine has only its own.`);
    });

  provider
    .command('bundle')
    .description('Bundle the provider into one JavaScript file with esbuild (part of `npm run build`)')
    .action(async () => {
      console.log(`Wrote ${await bundleProvider()}`);
    });
}
