/**
 * The late bundle's code cache (src/terraform/late-code-cache.ts): where it lives, that a start
 * uses what an earlier one wrote, and that nothing it should not trust reaches V8.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeCacheDirectory, compileLateBundle, keepLateCodeCache, lateCodeCacheOutcome } from '../../src/terraform/late-code-cache';
import { distDir, ensureBuilt } from '../support/build';
import { makeTempDir, removeDir } from '../support/engines';

jest.setTimeout(300_000); // the first test may build dist/ for the fresh processes

let dir: string;
beforeAll(() => ensureBuilt(['src/terraform/', 'src/core/']));
beforeEach(() => {
  dir = makeTempDir('fb-code-cache-');
});
afterEach(() => removeDir(dir));

/** A module body unique to the test (V8 keeps compiled scripts in memory: a repeated text could skip the cache). */
function moduleSource(extra = ''): { source: string; sha: string } {
  const token = randomBytes(8).toString('hex');
  const source = `const parts = ['${token}']; function grow(n) { for (let i = 0; i < n; i++) parts.push(String(i)); return parts.length; }\nmodule.exports = { token: parts[0], size: grow(3) };${extra}`;
  return { source, sha: createHash('sha256').update(source).digest('hex') };
}

function load(source: string, sha: string, cacheDir: string = join(dir, 'cache')): { token: string; size: number } {
  const run = compileLateBundle(source, 'late.cjs', sha, { FLASHBACK_IAC_CODE_CACHE: cacheDir });
  const module = { exports: {} as { token: string; size: number } };
  run(module.exports, require, module, 'late.cjs', '.');
  return module.exports;
}

/**
 * A provider start in a new Node.js process: the load, and with `keep` the write after it. Inside
 * one process V8 reuses the script it compiled already and never looks at the cached data, so
 * only a fresh process shows that V8 takes what was written; and V8 takes a cache only from a
 * process with the same V8 flags, which a jest worker that ran other suites may not have, so the
 * caches whose use is checked are written by fresh processes too.
 */
function start(source: string, sha: string, opts: { keep?: boolean; cacheDir?: string; nodeFlags?: string[] } = {}): { outcome: string; size: number; wrote: boolean } {
  const sourceFile = join(dir, `source-${randomBytes(4).toString('hex')}.cjs`);
  writeFileSync(sourceFile, source);
  const program = `
    const { compileLateBundle, keepLateCodeCache, lateCodeCacheOutcome } = require(process.argv[1]);
    const source = require('node:fs').readFileSync(process.argv[2], 'utf8');
    const run = compileLateBundle(source, 'late.cjs', process.argv[3], { FLASHBACK_IAC_CODE_CACHE: process.argv[4] });
    const module = { exports: {} };
    run(module.exports, require, module, 'late.cjs', '.');
    const outcome = lateCodeCacheOutcome();
    const wrote = process.argv[5] === 'keep' && keepLateCodeCache();
    process.stdout.write(JSON.stringify({ outcome, size: module.exports.size, wrote }));`;
  const args = [...(opts.nodeFlags ?? []), '-e', program, join(distDir, 'terraform', 'late-code-cache.js'), sourceFile, sha, opts.cacheDir ?? join(dir, 'cache'), opts.keep ? 'keep' : 'load'];
  // stderr kept out of the test's output: V8 says there that --jitless turned WebAssembly off.
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] })) as { outcome: string; size: number; wrote: boolean };
}

/** The cache file's name for a source, as the code under test should pick it (`-jitless` for a process without V8's compilers). */
const cacheName = (sha: string, mode = '') => `late-${sha.slice(0, 32)}-${process.version}-${process.arch}${mode}.v8cache`;
const cacheFiles = (cacheDir: string = join(dir, 'cache')) => (existsSync(cacheDir) ? readdirSync(cacheDir).filter((n) => n.endsWith('.v8cache')) : []);

describe('where the cache lives', () => {
  it('FLASHBACK_IAC_CODE_CACHE turns it off or names the folder; else XDG_CACHE_HOME, else ~/.cache', () => {
    for (const off of ['off', 'OFF', 'false', '0', 'no']) expect(codeCacheDirectory({ FLASHBACK_IAC_CODE_CACHE: off, HOME: '/home/u' })).toBeUndefined();
    expect(codeCacheDirectory({ FLASHBACK_IAC_CODE_CACHE: '/var/cache/fb', HOME: '/home/u' })).toBe('/var/cache/fb');
    expect(codeCacheDirectory({ XDG_CACHE_HOME: '/xdg', HOME: '/home/u' })).toBe(join('/xdg', 'flashback-iac', 'code-cache'));
    expect(codeCacheDirectory({ HOME: '/home/u' })).toBe(join('/home/u', '.cache', 'flashback-iac', 'code-cache'));
    // Relative values are not a place a provider started in any working directory should write to.
    expect(codeCacheDirectory({ XDG_CACHE_HOME: 'rel', HOME: '/home/u' })).toBe(join('/home/u', '.cache', 'flashback-iac', 'code-cache'));
    expect(codeCacheDirectory({ FLASHBACK_IAC_CODE_CACHE: 'rel', HOME: '/home/u' })).toBe(join('/home/u', '.cache', 'flashback-iac', 'code-cache'));
    expect(codeCacheDirectory({})).toBeUndefined();
  });
});

describe('a start and the next', () => {
  it('the first compiles without a cache and writes one (private); the next start uses it and writes nothing', () => {
    const { source, sha } = moduleSource();
    expect(load(source, sha)).toEqual({ token: expect.any(String), size: 4 });
    expect(lateCodeCacheOutcome()).toBe('absent');
    expect(keepLateCodeCache()).toBe(true);
    expect(keepLateCodeCache()).toBe(false); // once per process
    const [file] = cacheFiles();
    expect(file).toBe(cacheName(sha));
    if (process.platform !== 'win32') {
      expect(statSync(join(dir, 'cache')).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'cache', file)).mode & 0o777).toBe(0o600);
    }
    // In this process the script is compiled already; what matters here is only that it writes nothing again.
    expect(load(source, sha).size).toBe(4);
    expect(keepLateCodeCache()).toBe(false);
  });

  it('a start in a new process uses what the first one wrote, and writes nothing', () => {
    const { source, sha } = moduleSource();
    expect(start(source, sha, { keep: true })).toEqual({ outcome: 'absent', size: 4, wrote: true });
    const file = join(dir, 'cache', cacheFiles()[0]);
    const before = readFileSync(file);
    expect(start(source, sha, { keep: true })).toEqual({ outcome: 'used', size: 4, wrote: false });
    expect(readFileSync(file)).toEqual(before);
  });

  it('a start without V8\'s compilers (--jitless, the launchers\' default) keeps a file of its own beside the one with them: each uses its own, neither rewrites the other', () => {
    const { source, sha } = moduleSource();
    expect(start(source, sha, { keep: true })).toEqual({ outcome: 'absent', size: 4, wrote: true });
    expect(start(source, sha, { keep: true, nodeFlags: ['--jitless'] })).toEqual({ outcome: 'absent', size: 4, wrote: true });
    expect(cacheFiles().sort()).toEqual([cacheName(sha, '-jitless'), cacheName(sha)]);
    const written = cacheFiles().map((f) => readFileSync(join(dir, 'cache', f)));
    expect(start(source, sha, { keep: true, nodeFlags: ['--jitless'] })).toEqual({ outcome: 'used', size: 4, wrote: false });
    expect(start(source, sha, { keep: true })).toEqual({ outcome: 'used', size: 4, wrote: false });
    expect(cacheFiles().map((f) => readFileSync(join(dir, 'cache', f)))).toEqual(written);
  });

  it('turned off: compiles, reads and writes nothing', () => {
    const { source, sha } = moduleSource();
    const run = compileLateBundle(source, 'late.cjs', sha, { FLASHBACK_IAC_CODE_CACHE: 'off', HOME: dir });
    const module = { exports: {} as { size: number } };
    run(module.exports, require, module, 'late.cjs', '.');
    expect(module.exports.size).toBe(4);
    expect(lateCodeCacheOutcome()).toBe('off');
    expect(keepLateCodeCache()).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('what is never handed to V8', () => {
  function written(): { source: string; sha: string; file: string } {
    const { source, sha } = moduleSource();
    expect(start(source, sha, { keep: true }).wrote).toBe(true);
    return { source, sha, file: join(dir, 'cache', cacheFiles()[0]) };
  }

  it('a corrupt or torn file: compiled around, then replaced by a good one', () => {
    const { source, sha, file } = written();
    const bytes = readFileSync(file);
    bytes[bytes.length - 5] ^= 0xff;
    writeFileSync(file, bytes);
    expect(load(source, sha).size).toBe(4);
    expect(lateCodeCacheOutcome()).toBe('rejected');
    expect(start(source, sha, { keep: true })).toEqual({ outcome: 'rejected', size: 4, wrote: true });
    expect(start(source, sha)).toEqual({ outcome: 'used', size: 4, wrote: false });

    writeFileSync(file, readFileSync(file).subarray(0, 40));
    load(source, sha);
    expect(lateCodeCacheOutcome()).toBe('rejected');
  });

  it('a cache of another source under the same name: V8 refuses it, and the start still runs the right code', () => {
    const { sha, file } = written();
    const other = moduleSource(' module.exports.size = 99;');
    expect(start(other.source, sha)).toEqual({ outcome: 'rejected', size: 99, wrote: false });
    expect(existsSync(file)).toBe(true);
  });

  it('a folder or file others can write, or a symlink, is not read; nothing is written into such a folder', () => {
    const { source, sha, file } = written();
    chmodSync(join(dir, 'cache'), 0o770);
    load(source, sha);
    expect(lateCodeCacheOutcome()).toBe('rejected');
    expect(keepLateCodeCache()).toBe(false);
    chmodSync(join(dir, 'cache'), 0o700);

    chmodSync(file, 0o666);
    load(source, sha);
    expect(lateCodeCacheOutcome()).toBe('rejected');
    chmodSync(file, 0o600);
    expect(start(source, sha).outcome).toBe('used');

    // A good cache elsewhere, linked in under the name a start looks for: not followed, and replaced (the link, not its target).
    const linked = moduleSource();
    const elsewhere = join(dir, 'elsewhere');
    load(linked.source, linked.sha, elsewhere);
    expect(keepLateCodeCache()).toBe(true);
    const target = join(elsewhere, cacheFiles(elsewhere)[0]);
    const link = join(dir, 'cache', cacheFiles(elsewhere)[0]);
    symlinkSync(target, link);
    load(linked.source, linked.sha);
    expect(lateCodeCacheOutcome()).toBe('rejected');
    expect(keepLateCodeCache()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(lstatSync(target).isFile()).toBe(true);
  });

  it('a FIFO under the name a start looks for: refused at once, not waited on', () => {
    if (process.platform === 'win32') return;
    const { source, sha } = moduleSource();
    const cache = join(dir, 'cache');
    mkdirSync(cache, { mode: 0o700 });
    execFileSync('mkfifo', [join(cache, cacheName(sha))]);
    // In a fresh process, so that a blocking open would hang that process (and fail on its timeout), not jest.
    expect(start(source, sha)).toEqual({ outcome: 'rejected', size: 4, wrote: false });
  });
});

it('a temporary file left by a killed writer does not stop the next write, and is pruned like an old cache', () => {
  const { source, sha } = moduleSource();
  const cache = join(dir, 'cache');
  mkdirSync(cache, { mode: 0o700 });
  const leftover = join(cache, `${cacheName(sha)}.${process.pid}.partial`);
  writeFileSync(leftover, 'torn');
  const longAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
  utimesSync(leftover, longAgo, longAgo);
  load(source, sha, cache);
  expect(keepLateCodeCache()).toBe(true);
  expect(readdirSync(cache)).toEqual([cacheName(sha)]);
});

it('a cache that starts keep using has its time renewed, so pruning goes by last use', () => {
  const { source, sha } = moduleSource();
  expect(start(source, sha, { keep: true }).wrote).toBe(true);
  const file = join(dir, 'cache', cacheFiles()[0]);
  const longAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
  utimesSync(file, longAgo, longAgo);
  expect(start(source, sha).outcome).toBe('used');
  expect(Date.now() - statSync(file).mtimeMs).toBeLessThan(3600 * 1000);
  // Renewed at most once a day: a recent file is left as it is.
  const hourAgo = new Date(Date.now() - 3600 * 1000);
  utimesSync(file, hourAgo, hourAgo);
  expect(start(source, sha).outcome).toBe('used');
  expect(Math.abs(statSync(file).mtimeMs - hourAgo.getTime())).toBeLessThan(1000);
});

it("writing a cache removes other bundles' files unused for 30 days, and nothing else", () => {
  const cache = join(dir, 'cache');
  mkdirSync(cache, { mode: 0o700 });
  const old = join(cache, 'late-0000-v20.0.0-x64.v8cache');
  const recent = join(cache, 'late-1111-v20.0.0-x64.v8cache');
  const unrelated = join(cache, 'notes.txt');
  for (const f of [old, recent, unrelated]) writeFileSync(f, 'x');
  const longAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
  utimesSync(old, longAgo, longAgo);
  utimesSync(unrelated, longAgo, longAgo);
  const { source, sha } = moduleSource();
  load(source, sha, cache);
  expect(keepLateCodeCache()).toBe(true);
  expect(existsSync(old)).toBe(false);
  expect(existsSync(recent)).toBe(true);
  expect(existsSync(unrelated)).toBe(true);
});
