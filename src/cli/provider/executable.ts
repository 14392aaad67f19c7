/**
 * The provider as one self-contained executable: a Node.js single executable application (SEA)
 * made of this machine's `node` binary with the provider bundle injected (postject). It needs no
 * Node.js and no node_modules at run time, so the lock file's hash covers the code that runs.
 *
 * A build takes seconds and ~100 MB, so results are kept in a cache keyed by everything that
 * decides the bytes: the bundle, the Node.js binary and version, and the SEA options. Builds
 * without V8's code cache are reproducible (same inputs, same bytes: the same `h1:` hash on every
 * machine with the same Node.js); a code cache is not, so it is an option, not the default.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LATE_ASSET, lateBundleOf } from './bundle';
import { ProviderPackagingError } from './errors';
import { PROVIDER_EXECUTABLE, buildCacheDirectory } from './layout';

/** The fuse string Node.js looks for to know a SEA blob was injected (Node 20 and later). */
const SEA_SENTINEL_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export interface ExecutableOptions {
  /** The provider bundle (see bundle.ts), its late bundle beside it. */
  readonly bundle: string;
  /** V8 code cache in the blob: faster start, bytes differ from build to build. */
  readonly codeCache?: boolean;
  /** Default: buildCacheDirectory(). */
  readonly cacheDir?: string;
}

export interface BuiltExecutable {
  readonly path: string;
  /** False when the cache already held it. */
  readonly built: boolean;
  readonly sizeBytes: number;
}

export async function buildExecutable(options: ExecutableOptions): Promise<BuiltExecutable> {
  const codeCache = options.codeCache ?? false;
  const nodeBinary = process.execPath;
  const key = createHash('sha256')
    .update(readFileSync(options.bundle))
    .update(readFileSync(lateBundleOf(options.bundle)))
    .update(`\0${process.version}\0${process.platform}\0${process.arch}\0${statSync(nodeBinary).size}\0codeCache=${codeCache}`)
    .digest('hex')
    .slice(0, 32);
  const cacheDir = options.cacheDir ?? buildCacheDirectory();
  const finalDir = join(cacheDir, key);
  const finalPath = join(finalDir, PROVIDER_EXECUTABLE);
  if (existsSync(finalPath)) return { path: finalPath, built: false, sizeBytes: statSync(finalPath).size };

  // Built beside the final folder, then renamed into place: concurrent builds never see half a file.
  const work = join(cacheDir, `.build-${key}-${randomBytes(4).toString('hex')}`);
  mkdirSync(work, { recursive: true });
  try {
    const blob = join(work, 'sea-prep.blob');
    const config = join(work, 'sea-config.json');
    // The late bundle as an asset: compiled after the handshake, never parsed before it.
    const assets = { [LATE_ASSET]: lateBundleOf(options.bundle) };
    writeFileSync(config, JSON.stringify({ main: options.bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: codeCache, assets }));
    await runNode(['--experimental-sea-config', config], 'node --experimental-sea-config');
    const target = join(work, PROVIDER_EXECUTABLE);
    copyFileSync(nodeBinary, target);
    chmodSync(target, 0o755);
    const postject = require.resolve('postject');
    // In a child process: postject's ELF library prints harmless section warnings we only show on failure.
    const inject = `require(${JSON.stringify(postject)}).inject(process.argv[1], 'NODE_SEA_BLOB', require('fs').readFileSync(process.argv[2]), { sentinelFuse: ${JSON.stringify(SEA_SENTINEL_FUSE)} }).catch((e) => { console.error(e.message); process.exit(1); })`;
    await runNode(['-e', inject, target, blob], 'postject');
    rmSync(blob);
    rmSync(config);
    try {
      renameSync(work, finalDir);
    } catch (error) {
      if (!existsSync(finalPath)) throw error; // else another build finished first: use it
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { path: finalPath, built: true, sizeBytes: statSync(finalPath).size };
}

function runNode(args: readonly string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.on('error', (e) => reject(new ProviderPackagingError('EXECUTABLE_BUILD_FAILED', `${what} could not start: ${e.message}`)));
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new ProviderPackagingError('EXECUTABLE_BUILD_FAILED', `${what} failed (exit ${code}) building the provider executable:\n${output}`)),
    );
  });
}
