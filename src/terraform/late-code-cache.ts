/**
 * The late bundle (cli/provider/bundle.ts) compiled with V8's code cache from an earlier start of
 * the same bundle. Compiling its ~1.5 MB, and the functions a start runs, is about half of what a
 * provider process spends loading it: measured here, 140 → 75 ms of CPU for a process that
 * configures the provider and 100 → 52 ms for one that only answers schema and validation
 * (issue #13; Terraform starts four such processes for one apply). Node.js 20 has no compile
 * cache of its own for code that is not a file on disk.
 *
 * Why the cache lives where it does and is written as it is:
 * - Per user, never beside the executable. Terraform checks an installed package's files against
 *   the lock file's hash, and the executable must stay reproducible (the same bytes, the same
 *   `h1:` hash, from every build of one version). The directory is
 *   `$FLASHBACK_IAC_CODE_CACHE` when that is an absolute path, else `flashback-iac/code-cache` in
 *   `$XDG_CACHE_HOME`, `~/.cache` or (Windows) `%LOCALAPPDATA%`. `FLASHBACK_IAC_CODE_CACHE=off`
 *   turns it off.
 * - Named by the late bundle's SHA-256, computed when the bundle is built. V8 checks a cache
 *   against its own version and flags, and against the source's length only, not its text.
 * - Deserialising V8 code runs it, and V8 release builds do not verify a cache's checksum: a
 *   folder or file another user could write is never read, and each file carries the SHA-256 of
 *   its data, checked before V8 sees it (a torn or corrupt file is compiled around, then replaced).
 * - Written once per bundle, by the first process that configures the provider without a usable
 *   cache, after ConfigureProvider has answered: by then the HTTP client and the API contract's
 *   schemas are compiled too. Processes that only validate never write it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, futimesSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';
import { isOwnFolder, ownedWithout, removeFilesOlderThan } from '../core/private-folder';

/** What the start found: a cache V8 took, one it refused (or that failed our check), none, or caching off. */
export type LateCodeCacheOutcome = 'used' | 'rejected' | 'absent' | 'off';

/** A CommonJS module's wrapper function, as Node.js calls it. */
export type ModuleFunction = (exports: object, require: NodeRequire, module: { exports: object }, filename: string, dirname: string) => void;

const MAGIC = Buffer.from('flashback-iac v8 code cache 1\n');
const DIGEST_BYTES = 32;
/** Files of other bundles (earlier versions) unused this long go when a new one is written. */
const STALE_MS = 30 * 24 * 3600 * 1000;
/** A file in use has its time renewed at most this often, so that pruning goes by last use. */
const RENEW_MS = 24 * 3600 * 1000;
/** A cache is ~1 MB; anything much larger is not ours. */
const MAX_BYTES = 64 * 1024 * 1024;

interface Compiled {
  readonly script: Script;
  readonly file: string | undefined;
  readonly outcome: LateCodeCacheOutcome;
  written: boolean;
}

let compiled: Compiled | undefined;

export function codeCacheDirectory(env: NodeJS.ProcessEnv): string | undefined {
  const setting = env.FLASHBACK_IAC_CODE_CACHE?.trim();
  if (setting !== undefined && /^(off|false|0|no)$/i.test(setting)) return undefined;
  if (setting !== undefined && setting !== '' && isAbsolute(setting)) return setting;
  const base =
    env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)
      ? env.XDG_CACHE_HOME
      : process.platform === 'win32'
        ? env.LOCALAPPDATA
        : env.HOME && isAbsolute(env.HOME)
          ? join(env.HOME, '.cache')
          : undefined;
  return base === undefined || base === '' ? undefined : join(base, 'flashback-iac', 'code-cache');
}

/**
 * Whether V8 runs with its compilers. `--jitless` (the launchers' NODE_OPTIONS, launcher-shell.ts)
 * turns WebAssembly off with them, so its absence says the flag reached V8.
 */
export const v8Jit = (): 'on' | 'off' => ('WebAssembly' in globalThis ? 'on' : 'off');

/** V8 takes a cache only from a process of its own flags: one file per JIT mode, so switching (FLASHBACK_IAC_JIT) does not rewrite it each time. */
const cacheFileName = (sourceSha256: string): string => `late-${sourceSha256.slice(0, 32)}-${process.version}-${process.arch}${v8Jit() === 'off' ? '-jitless' : ''}.v8cache`;

/**
 * Ours, and writable by nobody else. On Windows the ACLs decide (the default folder is in the
 * user's own %LOCALAPPDATA%; a folder named by FLASHBACK_IAC_CODE_CACHE is trusted as given).
 */
const NOT_WRITABLE_BY_OTHERS = 0o022;
const privateDirectory = (dir: string): boolean => isOwnFolder(dir, NOT_WRITABLE_BY_OTHERS);

/** The cache's data if the file is private, whole and intact; else whether there is none, or one not to use. */
function readCache(dir: string, file: string): Buffer | 'absent' | 'unusable' {
  let fd: number;
  try {
    // Non-blocking: a FIFO planted under the name would otherwise hang the start in open(); it is then refused as not a file.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    // Also when the folder does not exist yet (a first start).
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'unusable';
  }
  try {
    // Opened before the folder is checked, but nothing is read unless both are private.
    if (!privateDirectory(dir)) return 'unusable';
    const st = fstatSync(fd);
    if (!st.isFile() || !ownedWithout(st, NOT_WRITABLE_BY_OTHERS) || st.size > MAX_BYTES) return 'unusable';
    const bytes = readFileSync(fd);
    if (bytes.length < MAGIC.length + DIGEST_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return 'unusable';
    const digest = bytes.subarray(MAGIC.length, MAGIC.length + DIGEST_BYTES);
    const data = bytes.subarray(MAGIC.length + DIGEST_BYTES);
    if (!createHash('sha256').update(data).digest().equals(digest)) return 'unusable';
    renewWhenOld(fd, st.mtimeMs);
    return data;
  } catch {
    return 'unusable';
  } finally {
    closeSync(fd);
  }
}

/** Pruning goes by a file's time: one that starts keep using must not look abandoned. */
function renewWhenOld(fd: number, mtimeMs: number): void {
  const now = Date.now();
  if (now - mtimeMs < RENEW_MS) return;
  try {
    futimesSync(fd, now / 1000, now / 1000);
  } catch {
    // Only pruning is affected: at worst the file is written again once.
  }
}

/**
 * Compiles `source` (a CommonJS module's body) as Node.js would wrap it, with the cached code of
 * an earlier start when there is a usable one; returns the module function.
 */
export function compileLateBundle(source: string, filename: string, sourceSha256: string, env: NodeJS.ProcessEnv = process.env): ModuleFunction {
  const dir = codeCacheDirectory(env);
  const file = dir === undefined ? undefined : join(dir, cacheFileName(sourceSha256));
  const read = dir === undefined || file === undefined ? 'absent' : readCache(dir, file);
  const cachedData = typeof read === 'string' ? undefined : read;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename, cachedData });
  const outcome: LateCodeCacheOutcome = file === undefined ? 'off' : read === 'absent' ? 'absent' : read === 'unusable' || script.cachedDataRejected === true ? 'rejected' : 'used';
  compiled = { script, file, outcome, written: false };
  return script.runInThisContext() as ModuleFunction;
}

/** What this process's start found; undefined when the late bundle was not compiled here (the node script). */
export function lateCodeCacheOutcome(): LateCodeCacheOutcome | undefined {
  return compiled?.outcome;
}

/**
 * Writes the cache when this process compiled the late bundle without a usable one (once).
 * Returns whether it wrote. Never throws: a cache that cannot be written only costs the next start.
 */
export function keepLateCodeCache(): boolean {
  const c = compiled;
  if (c === undefined || c.file === undefined || c.written || c.outcome === 'used' || c.outcome === 'off') return false;
  c.written = true;
  const dir = join(c.file, '..');
  // A name no other writer picks (a pid repeats across containers), removed again if the write fails.
  const tmp = `${c.file}.${randomBytes(6).toString('hex')}.partial`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!privateDirectory(dir)) return false;
    const data = c.script.createCachedData();
    writeFileSync(tmp, Buffer.concat([MAGIC, createHash('sha256').update(data).digest(), data]), { mode: 0o600, flag: 'wx' });
    renameSync(tmp, c.file);
    // Other bundles' files (earlier versions), and temporary files a killed writer left: the one just written is new.
    removeFilesOlderThan(dir, Date.now() - STALE_MS, (name) => /^late-.*\.v8cache(\.[0-9a-f]+\.partial)?$/.test(name));
    return true;
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // Never created.
    }
    return false;
  }
}
