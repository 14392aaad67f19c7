/**
 * The provider's code as one CommonJS file whose only requires are Node built-ins: what the
 * single executable runs. Built from the compiled dist/terraform/main.js with esbuild (a
 * devDependency) by `npm run build`; an installed package carries the file ready-made.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ProviderPackagingError } from './errors';
import { PROVIDER_EXECUTABLE, packageRoot } from './layout';

export const bundleFile = (root: string = packageRoot): string => join(root, 'dist', 'provider', `${PROVIDER_EXECUTABLE}.cjs`);

/** Bundles dist/terraform/main.js into `outfile` (default `bundleFile()`); returns its path. */
export async function bundleProvider(root: string = packageRoot, outfile: string = bundleFile(root)): Promise<string> {
  const entry = join(root, 'dist', 'terraform', 'main.js');
  if (!existsSync(entry)) throw new ProviderPackagingError('BUNDLE_MISSING', `${entry} is missing: run \`npx tsc -p tsconfig.build.json\` first.`);
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new ProviderPackagingError('BUNDLE_FAILED', 'Bundling the provider needs esbuild, a devDependency: run it from a checkout of flashback-iac after `npm ci`.');
  }
  mkdirSync(dirname(outfile), { recursive: true });
  // Written beside, then renamed: a build running meanwhile reads the old file or the new, never half of one.
  const partial = `${outfile}.${process.pid}.partial`;
  // esbuild keeps a service process alive between builds; stop it so no child outlives this
  // command (the demo's Ctrl-C test counts what is left in its process group).
  let result: Awaited<ReturnType<typeof esbuild.build>>;
  try {
    result = await esbuild.build({
      entryPoints: [entry],
      outfile: partial,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      // A single executable application can require nothing but built-ins.
      packages: 'bundle',
      legalComments: 'eof',
      logLevel: 'silent',
    });
  } finally {
    await esbuild.stop();
  }
  if (result.errors.length > 0) throw new ProviderPackagingError('BUNDLE_FAILED', result.errors.map((e) => e.text).join('\n'));
  renameSync(partial, outfile);
  return outfile;
}

/** The bundle to build from: made now where esbuild is at hand (a checkout), else the one the package ships. */
export async function currentBundle(root: string = packageRoot): Promise<string> {
  if (resolvable('esbuild', root) && existsSync(join(root, 'dist', 'terraform', 'main.js'))) return bundleProvider(root);
  const shipped = bundleFile(root);
  if (!existsSync(shipped)) throw new ProviderPackagingError('BUNDLE_MISSING', `${shipped} is missing: run \`npm run build\` in the flashback-iac checkout.`);
  return shipped;
}

function resolvable(moduleName: string, root: string): boolean {
  try {
    require.resolve(moduleName, { paths: [root] });
    return true;
  } catch {
    return false;
  }
}
