/**
 * The late bundle's code cache (src/terraform/late-code-cache.ts): where it lives, that a start
 * uses what an earlier one wrote, and that nothing it should not trust reaches V8.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeCacheDirectory, compileLateBundle, keepLateCodeCache, lateCodeCacheOutcome } from '../../src/terraform/late-code-cache';
import { makeTempDir, removeDir } from '../support/engines';

let dir: string;
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
    expect(file).toBe(`late-${sha.slice(0, 32)}-${process.version}-${process.arch}.v8cache`);
    if (process.platform !== 'win32') {
      expect(statSync(join(dir, 'cache')).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'cache', file)).mode & 0o777).toBe(0o600);
    }
    const before = readFileSync(join(dir, 'cache', file));

    expect(load(source, sha).size).toBe(4);
    expect(lateCodeCacheOutcome()).toBe('used');
    expect(keepLateCodeCache()).toBe(false);
    expect(readFileSync(join(dir, 'cache', file))).toEqual(before);
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
    load(source, sha);
    expect(keepLateCodeCache()).toBe(true);
    return { source, sha, file: join(dir, 'cache', cacheFiles()[0]) };
  }

  it('a corrupt or torn file: compiled around, then replaced by a good one', () => {
    const { source, sha, file } = written();
    const bytes = readFileSync(file);
    bytes[bytes.length - 5] ^= 0xff;
    writeFileSync(file, bytes);
    expect(load(source, sha).size).toBe(4);
    expect(lateCodeCacheOutcome()).toBe('rejected');
    expect(keepLateCodeCache()).toBe(true);
    expect(load(source, sha).size).toBe(4);
    expect(lateCodeCacheOutcome()).toBe('used');

    writeFileSync(file, readFileSync(file).subarray(0, 40));
    load(source, sha);
    expect(lateCodeCacheOutcome()).toBe('rejected');
  });

  it('a cache of another source under the same name: V8 refuses it, and the start still runs the right code', () => {
    const { sha, file } = written();
    const other = moduleSource(' module.exports.size = 99;');
    expect(load(other.source, sha).size).toBe(99);
    expect(lateCodeCacheOutcome()).toBe('rejected');
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
    load(source, sha);
    expect(lateCodeCacheOutcome()).toBe('used');

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
});

it("writing a cache removes other bundles' files untouched for 30 days, and nothing else", () => {
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
