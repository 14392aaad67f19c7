/**
 * The provider's code as CommonJS files whose only requires are Node built-ins: what the single
 * executable runs. Built from the compiled dist/terraform/main.js with esbuild (a devDependency)
 * by `npm run build`; an installed package carries the files ready-made.
 *
 * Two files, so that a start parses only what the handshake needs (issue #13): the bundle itself
 * (the entry point up to the handshake: ~40 KB) and, beside it, the late bundle (gRPC, the
 * protocol adapter, the provider: ~2 MB), which the bundle compiles when it first needs one of
 * those modules, after the handshake line is out. In the single executable the late bundle is
 * an asset of the blob (see executable.ts). One file took the executable 40–50 ms of CPU more to
 * its handshake: all of it parsed first.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ProviderPackagingError } from './errors';
import { PROVIDER_EXECUTABLE, packageRoot } from './layout';

export const bundleFile = (root: string = packageRoot): string => join(root, 'dist', 'provider', `${PROVIDER_EXECUTABLE}.cjs`);

/** The late bundle beside `bundle`. */
export const lateBundleOf = (bundle: string): string => bundle.replace(/\.cjs$/, '.late.cjs');

/** The name of the late bundle's asset in the single executable's blob. */
export const LATE_ASSET = 'late.cjs';

/**
 * What the entry point (dist/terraform/server.js and main.js) loads after the handshake, by the
 * specifier it requires, and the name the late bundle exports it under.
 */
const LATE_MODULES: Readonly<Record<string, string>> = {
  './protocol/auto-mtls': 'autoMtls',
  './protocol/plugin-server': 'pluginServer',
  './framework/protocol-adapter': 'protocolAdapter',
  './provider': 'provider',
  '@grpc/grpc-js': 'grpc',
};

/**
 * The late bundle's entry: each module behind a getter, so that requiring one evaluates only it
 * and what it needs (the provider's modules load after the gRPC server has started).
 */
const lateEntry = (): string =>
  `module.exports = {\n${Object.entries(LATE_MODULES)
    .map(([specifier, name]) => `  get ${name}() { return require(${JSON.stringify(specifier)}); },`)
    .join('\n')}\n};\n`;

/**
 * In the bundle: the late bundle's exports, compiled on first use from the executable's asset, or
 * else from the file beside this one, with V8's code cache of an earlier start when there is one
 * (terraform/late-code-cache.ts, found by the late bundle's SHA-256). Its requires are built-ins
 * only, so the bundle's `require` (in an executable: built-ins only) serves them.
 */
const lateLoader = (lateSha256: string): string => `
let late;
exports.load = () => {
  if (late !== undefined) return late;
  const sea = require('node:sea');
  const filename = sea.isSea() ? ${JSON.stringify(LATE_ASSET)} : __filename.replace(/\\.cjs$/, '.late.cjs');
  const source = sea.isSea() ? sea.getAsset(${JSON.stringify(LATE_ASSET)}, 'utf8') : require('node:fs').readFileSync(filename, 'utf8');
  const run = require('./late-code-cache').compileLateBundle(source, filename, ${JSON.stringify(lateSha256)});
  const module = { exports: {} };
  run(module.exports, require, module, filename, require('node:path').dirname(filename));
  return (late = module.exports);
};
`;

/**
 * Packages that axios and follow-redirects require as they load, for what the API client never
 * does, replaced in the bundles by a stand-in that throws if it is ever used: form-data (multipart
 * bodies; with mime-db and its helpers ~12 MiB of a configured provider's RSS), https-proxy-agent
 * (requests through a proxy: the client sets `proxy: false`) and debug (follow-redirects' optional
 * DEBUG= log). Also zod's translations of its messages into ~50 languages (the `z.locales`
 * namespace), which zod loads whole with itself: half of zod's load, ~20 ms of a configured
 * provider's CPU (issue #13); zod's own messages use English, which zod loads by itself, and the
 * stand-in keeps `locales.en`. Keyed by the specifier and the package that requires it, so that
 * nobody else's import changes.
 */
const UNUSED_PACKAGES: Readonly<Record<string, { readonly requiredBy: string; readonly contents: string }>> = {
  'form-data': {
    requiredBy: 'axios',
    contents: `module.exports = class FormData { constructor() { throw new Error('flashback-iac sends no multipart bodies: form-data is left out of the provider bundle'); } };`,
  },
  'https-proxy-agent': {
    requiredBy: 'axios',
    contents: `class HttpsProxyAgent { constructor() { throw new Error('flashback-iac sends no request through a proxy: https-proxy-agent is left out of the provider bundle'); } }\nmodule.exports = HttpsProxyAgent;\nmodule.exports.HttpsProxyAgent = HttpsProxyAgent;`,
  },
  debug: { requiredBy: 'follow-redirects', contents: 'module.exports = () => () => undefined;' },
  // Required from zod/v4/classic and zod/v4/core, so `../locales/en.cjs` is the English locale.
  '../locales/index.cjs': {
    requiredBy: 'zod',
    contents: `module.exports = { get en() { return require('../locales/en.cjs').default; } };`,
  },
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** esbuild plugin: {@link UNUSED_PACKAGES} resolved to their stand-ins. */
const leaveOutUnused: import('esbuild').Plugin = {
  name: 'leave-out-unused',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${Object.keys(UNUSED_PACKAGES).map(escapeRegExp).join('|')})$`) }, (args) => {
      const unused = UNUSED_PACKAGES[args.path];
      // A stand-in's own requires resolve from where the package required it.
      return unused !== undefined && args.importer.includes(`/node_modules/${unused.requiredBy}/`)
        ? { path: args.path, namespace: 'unused', pluginData: args.resolveDir }
        : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'unused' }, (args) => ({
      contents: UNUSED_PACKAGES[args.path]?.contents ?? '',
      loader: 'js',
      resolveDir: typeof args.pluginData === 'string' ? args.pluginData : undefined,
    }));
  },
};

/** Bundles dist/terraform/main.js into `outfile` (default `bundleFile()`) and its late bundle beside it; returns `outfile`. */
export async function bundleProvider(root: string = packageRoot, outfile: string = bundleFile(root)): Promise<string> {
  const terraformDir = join(root, 'dist', 'terraform');
  const entry = join(terraformDir, 'main.js');
  if (!existsSync(entry)) throw new ProviderPackagingError('BUNDLE_MISSING', `${entry} is missing: run \`npx tsc -p tsconfig.build.json\` first.`);
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new ProviderPackagingError('BUNDLE_FAILED', 'Bundling the provider needs esbuild, a devDependency: run it from a checkout of flashback-iac after `npm ci`.');
  }
  mkdirSync(dirname(outfile), { recursive: true });
  // Written beside, then renamed: a build running meanwhile reads the old files or the new, never half of one.
  const partial = `${outfile}.${process.pid}.partial`;
  const latePartial = `${lateBundleOf(outfile)}.${process.pid}.partial`;
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // A single executable application can require nothing but built-ins.
    packages: 'bundle',
    legalComments: 'eof',
    // Comments and indentation are most of the bytes that a start parses and that stay in
    // memory as the script's source; names stay, so stack traces still read.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'silent',
  } as const;
  const entryDir = new Set([join(terraformDir, 'server.js'), join(terraformDir, 'main.js')]);
  const late: import('esbuild').Plugin = {
    name: 'late-modules',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.path === 'late-loader' && args.namespace === 'late') return { path: 'late-loader', namespace: 'late-loader' };
        if (entryDir.has(args.importer) && args.path in LATE_MODULES) return { path: args.path, namespace: 'late' };
        return undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'late' }, (args) => ({ contents: `module.exports = require('late-loader').load()[${JSON.stringify(LATE_MODULES[args.path])}];`, loader: 'js' }));
      // Resolved from dist/terraform, so that the loader's require of the code cache is bundled (with server.js's import of it: one module).
      build.onLoad({ filter: /.*/, namespace: 'late-loader' }, () => ({ contents: lateLoader(lateSha256), loader: 'js', resolveDir: terraformDir }));
    },
  };
  // The late bundle first: the bundle's loader names the code cache by the late bundle's SHA-256.
  let lateSha256 = '';
  // esbuild keeps a service process alive between builds; stop it so no child outlives this
  // command (the demo's Ctrl-C test counts what is left in its process group).
  try {
    const lateBuilt = await esbuild.build({ ...common, stdin: { contents: lateEntry(), resolveDir: terraformDir, sourcefile: 'late-entry.js', loader: 'js' }, outfile: latePartial, plugins: [leaveOutUnused] });
    failOnErrors(lateBuilt.errors);
    const lateSource = asciiOnly(readFileSync(latePartial, 'utf8'));
    writeFileSync(latePartial, lateSource);
    lateSha256 = createHash('sha256').update(lateSource).digest('hex');
    failOnErrors((await esbuild.build({ ...common, entryPoints: [entry], outfile: partial, plugins: [late, leaveOutUnused] })).errors);
  } finally {
    await esbuild.stop();
  }
  writeFileSync(partial, asciiOnly(readFileSync(partial, 'utf8')));
  renameSync(latePartial, lateBundleOf(outfile));
  renameSync(partial, outfile);
  return outfile;
}

function failOnErrors(errors: readonly import('esbuild').Message[]): void {
  if (errors.length > 0) throw new ProviderPackagingError('BUNDLE_FAILED', errors.map((e) => e.text).join('\n'));
}

/**
 * `source` with every character outside ASCII written as a `\uXXXX` escape. V8 keeps a
 * script's source as one byte per character only when every character fits in Latin-1, else as
 * two: a single `µ` left in a regular expression (esbuild escapes strings, not those) doubled the
 * provider's resident source to 6 MiB. The escape means the same character in strings, template
 * literals, regular expressions and identifiers; elsewhere (comments) it only changes the text.
 */
export function asciiOnly(source: string): string {
  return source.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The bundle to build from: made now where esbuild is at hand (a checkout), else the one the package ships. */
export async function currentBundle(root: string = packageRoot): Promise<string> {
  if (resolvable('esbuild', root) && existsSync(join(root, 'dist', 'terraform', 'main.js'))) return bundleProvider(root);
  const shipped = bundleFile(root);
  if (!existsSync(shipped) || !existsSync(lateBundleOf(shipped))) throw new ProviderPackagingError('BUNDLE_MISSING', `${shipped} or its late bundle is missing: run \`npm run build\` in the flashback-iac checkout.`);
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
