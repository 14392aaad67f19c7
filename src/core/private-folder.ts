/**
 * Folders of this user's that the provider keeps state in between processes (the plan verdicts,
 * the late bundle's code cache): what they read is trusted, so a folder that someone else owns,
 * or could write, is not used. Node built-ins only: the provider's entry point bundles this
 * before its handshake.
 */
import { type Stats, chmodSync, lstatSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether a file or folder's stats say it is this user's with none of the permission bits in
 * `forbidden`. Windows reports no Unix permission bits (folders read as 0o666/0o777) and no
 * owner: its own ACLs decide there.
 */
export function ownedWithout(st: Pick<Stats, 'mode' | 'uid'>, forbidden: number): boolean {
  if (process.platform === 'win32') return true;
  return st.uid === process.getuid?.() && (st.mode & forbidden) === 0;
}

/**
 * Whether `dir` is a directory (not a symlink) owned by this user with none of the permission
 * bits in `forbidden` (0o077: nobody else may use it; 0o022: nobody else may write it). With
 * `tighten`, one of ours found looser is first made 0700.
 */
export function isOwnFolder(dir: string, forbidden: number, tighten = false): boolean {
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory()) return false;
    if (ownedWithout(st, forbidden)) return true;
    if (!tighten || st.uid !== process.getuid?.()) return false;
    chmodSync(dir, 0o700);
    return ownedWithout(lstatSync(dir), forbidden);
  } catch {
    return false;
  }
}

/** Removes the files in `dir` (those `matches` names) last modified before `cutoffMs`; never throws. */
export function removeFilesOlderThan(dir: string, cutoffMs: number, matches: (name: string) => boolean = () => true): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!matches(name)) continue;
    const file = join(dir, name);
    try {
      if (statSync(file).mtimeMs < cutoffMs) unlinkSync(file);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}
