/**
 * A local record of the creates a working directory's runs sent, so that an object created by
 * a run that died before the engine recorded it (`kill -9` of terraform mid-apply, a machine
 * that lost power) is taken back by the next run instead of being made again.
 *
 * Each create appends a line when it is sent and one when it is answered with an id; the
 * engine front end appends one whenever the engine shows it holds an object (it reads,
 * updates, deletes or imports it). A create whose fingerprint (kind, workspace and the
 * identifying props, hashed: no key id or name is written in clear) has lines never settled
 * that way is an interrupted one: src/core/create-resolution.ts looks for its object and takes
 * it over. That is safe because the record is this directory's own: only its runs wrote it,
 * and the engine never recorded the object (or it would have read it since).
 *
 * Lines older than {@link MAX_AGE_MS} are ignored; the file is rewritten without settled
 * lines when it grows. Writes are synchronous appends (a few microseconds): a line written
 * before a process is killed is on disk for the next one.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Values } from './model';

const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

type Line =
  | { op: 'sent'; token: string; kind: string; fp: string; at: number }
  | { op: 'created'; token: string; id: string }
  | { op: 'settled'; id?: string; token?: string };

/** A create an earlier run sent and the engine may never have recorded. */
export interface PendingCreate {
  token: string;
  /** When it was sent (ms since the epoch). */
  at: number;
  /** The id, when the answer arrived before the run died. */
  id?: string;
}

export interface CreateJournal {
  pending(kind: string, fingerprint: string): PendingCreate[];
  /** Records a create about to be sent; returns its token. */
  sent(kind: string, fingerprint: string): string;
  created(token: string, id: string): void;
  /** The engine holds this object, or this interrupted create is resolved. */
  settle(ref: { id?: string; token?: string }): void;
}

export function createFingerprint(kind: string, input: Values, identifying: readonly string[]): string {
  const parts = [kind, input.workspaceId, ...identifying.map((p) => (input[p] === undefined || input[p] === '' ? null : input[p]))];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** The journal in one JSON-lines file. A file that cannot be read or written disables it (the create path never fails for it). */
export class FileCreateJournal implements CreateJournal {
  private loaded = false;
  private readonly sentByToken = new Map<string, { kind: string; fp: string; at: number; id?: string }>();
  private readonly settledIds = new Set<string>();
  private readonly settledTokens = new Set<string>();
  private lines = 0;
  private broken = false;
  private dirMade = false;
  private seq = 0;

  constructor(
    readonly file: string,
    private readonly now: () => number = Date.now,
  ) {}

  pending(kind: string, fingerprint: string): PendingCreate[] {
    this.load();
    const out: PendingCreate[] = [];
    const oldest = this.now() - MAX_AGE_MS;
    for (const [token, s] of this.sentByToken) {
      if (s.kind !== kind || s.fp !== fingerprint || s.at < oldest || this.settledTokens.has(token)) continue;
      if (s.id !== undefined && this.settledIds.has(s.id)) continue;
      out.push({ token, at: s.at, id: s.id });
    }
    return out;
  }

  sent(kind: string, fingerprint: string): string {
    this.load();
    const token = `${process.pid}-${this.now().toString(36)}-${++this.seq}`;
    const at = this.now();
    this.sentByToken.set(token, { kind, fp: fingerprint, at });
    this.append({ op: 'sent', token, kind, fp: fingerprint, at });
    return token;
  }

  created(token: string, id: string): void {
    const s = this.sentByToken.get(token);
    if (s) s.id = id;
    this.append({ op: 'created', token, id });
  }

  settle(ref: { id?: string; token?: string }): void {
    this.load();
    if (ref.id !== undefined) {
      if (this.settledIds.has(ref.id) || ![...this.sentByToken.values()].some((s) => s.id === ref.id)) return;
      this.settledIds.add(ref.id);
    }
    if (ref.token !== undefined) this.settledTokens.add(ref.token);
    this.append({ op: 'settled', ...ref });
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return;
    }
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue; // a line cut short by a kill
      }
      this.lines += 1;
      if (line.op === 'sent') this.sentByToken.set(line.token, { kind: line.kind, fp: line.fp, at: line.at });
      else if (line.op === 'created') {
        const s = this.sentByToken.get(line.token);
        if (s) s.id = line.id;
      } else {
        if (line.id !== undefined) this.settledIds.add(line.id);
        if (line.token !== undefined) this.settledTokens.add(line.token);
      }
    }
    this.compact();
  }

  /** Rewrites the file with the lines still pending, when most lines are settled. */
  private compact(): void {
    const oldest = this.now() - MAX_AGE_MS;
    const keep: Line[] = [];
    for (const [token, s] of this.sentByToken) {
      const done = this.settledTokens.has(token) || (s.id !== undefined && this.settledIds.has(s.id)) || s.at < oldest;
      if (done) {
        this.sentByToken.delete(token);
        continue;
      }
      keep.push({ op: 'sent', token, kind: s.kind, fp: s.fp, at: s.at });
      if (s.id !== undefined) keep.push({ op: 'created', token, id: s.id });
    }
    if (this.lines < 200 || this.lines < keep.length * 2) return;
    try {
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, keep.map((l) => `${JSON.stringify(l)}\n`).join(''));
      renameSync(tmp, this.file);
      this.settledIds.clear();
      this.settledTokens.clear();
      this.lines = keep.length;
    } catch {
      /* left as it is: compaction is an optimisation */
    }
  }

  private append(line: Line): void {
    if (this.broken) return;
    try {
      if (!this.dirMade) mkdirSync(dirname(this.file), { recursive: true });
      this.dirMade = true;
      appendFileSync(this.file, `${JSON.stringify(line)}\n`);
      this.lines += 1;
    } catch {
      this.broken = true;
    }
  }
}
