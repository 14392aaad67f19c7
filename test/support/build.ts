/**
 * Builds dist/ (`tsc -p tsconfig.build.json`) once for the tests that need the compiled package: the Pulumi
 * dynamic-provider process and the engines load dist/, not TypeScript sources.
 *
 * Skips the build when no file under src/ is newer than the last successful build's stamp. A lock directory keeps
 * parallel jest workers from building at the same time.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const distDir = path.join(repoRoot, 'dist');
const stamp = path.join(distDir, '.build-stamp');
const lockDir = path.join(distDir, '.build-lock');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function upToDate(): boolean {
  try {
    return fs.statSync(stamp).mtimeMs >= Math.max(newestMtime(path.join(repoRoot, 'src')), fs.statSync(path.join(repoRoot, 'tsconfig.build.json')).mtimeMs);
  } catch {
    return false;
  }
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** The parts of src/ that the compiled package's tests load by default. */
export const DEFAULT_NEEDS = ['src/client/', 'src/core/', 'src/emulator/', 'src/pulumi/'];

/**
 * Builds dist/ unless it is up to date; throws with the compiler output when the build fails in a part of src/ the
 * caller needs (`needs`, path prefixes relative to the repository root).
 */
export function ensureBuilt(needs: readonly string[] = DEFAULT_NEEDS): void {
  if (upToDate()) return;
  fs.mkdirSync(distDir, { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      // Another worker builds; a lock older than 5 minutes is stale.
      try {
        if (Date.now() - fs.statSync(lockDir).mtimeMs > 300_000) fs.rmSync(lockDir, { recursive: true, force: true });
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`ensureBuilt: ${lockDir} is held by another build for too long`);
      sleep(250);
      if (upToDate()) return;
    }
  }
  try {
    if (upToDate()) return;
    const started = Date.now();
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) {
      // tsc still emits; errors only in parts of src/ the caller does not load (another area's work in progress)
      // are reported, not fatal.
      const out = `${r.stdout}${r.stderr}`;
      const files = [...out.matchAll(/^(\S+?)\(\d+,\d+\): error/gm)].map((m) => m[1]);
      const fatal = files.length === 0 || files.some((f) => needs.some((dir) => f.startsWith(dir)));
      if (fatal) throw new Error(`npx tsc -p tsconfig.build.json failed (exit ${r.status}):\n${out}`);
      console.warn(`ensureBuilt: tsc reported errors outside ${needs.join(', ')}; using the emitted dist/ anyway:\n${out}`);
    }
    fs.writeFileSync(stamp, new Date(started).toISOString() + '\n');
    fs.utimesSync(stamp, started / 1000, started / 1000);
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}
