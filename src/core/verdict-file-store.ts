/**
 * Where a plan keeps its verdicts for the apply (see plan-verdicts.ts): files in the working
 * directory's Terraform data directory, beside the create journal, so they are the user's own,
 * survive a reboot between `plan -out` and `apply`, and go wherever the working directory goes.
 * Not exported by core's index: it parses with zod, and core is loaded by every
 * provider process, including the ones that only answer the schema and validation; the provider
 * loads this at configure, with the API client.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { DependentFate, KeyRemovalVerdict, VerdictStore } from './plan-verdicts';
import { isOwnFolder, removeFilesOlderThan } from './private-folder';

const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const WALK_ID = /^[A-Za-z0-9-]{8,64}$/;

const fateSchema = z.enum(['deleted', 'kept', 'repointed', 'outside']);
const verdictSchema = z.object({
  key: z.object({ id: z.string(), workspaceId: z.string() }),
  strict: z.boolean(),
  dependents: z.array(z.object({ type: z.string(), id: z.string(), name: z.string(), workspaceId: z.string(), fate: fateSchema })),
});
const fateLineSchema = z.object({ id: z.string(), fate: fateSchema });

/** The folder in a Terraform data directory (TF_DATA_DIR, else `.terraform` of the working directory). */
export function verdictDirectory(dataDir: string): string {
  return join(dataDir, 'flashback-plan-verdicts');
}

/**
 * One file per walk and key, `<walk id>.<hash of key id>.json` (mode 0600) in a directory of this
 * user's (mode 0700, tightened if found looser; one owned by anyone else, or a symlink, disables
 * the store: a protected key's plan then fails, and an apply behaves as with no verdict). JSON lines: the whole verdict, written atomically (temp file +
 * rename, so a reader sees it whole or not at all), then one line per fate changed since, appended
 * (a rewrite per change would cost a key with N dependents N² over a plan; a line cut short by a
 * kill is ignored, leaving the fate before it, which blocks rather than frees). Files older than 7
 * days are pruned at the first write of each store.
 */
export class FileVerdictStore implements VerdictStore {
  private ready: boolean | undefined;
  private readable: boolean | undefined;

  constructor(
    readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  save(walkId: string, verdict: KeyRemovalVerdict): string | undefined {
    if (!WALK_ID.test(walkId)) return `the plan walk id ${JSON.stringify(walkId)} is not one of ours`;
    if (!this.prepare()) return `${this.dir} is not a directory of this user's only (a symlink, or owned by another user)`;
    const file = this.fileOf(walkId, verdict.key.id);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, `${JSON.stringify(verdict)}\n`, { mode: 0o600 });
      renameSync(tmp, file);
      return undefined;
    } catch (e) {
      return `${file} could not be written: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  saveFate(walkId: string, keyId: string, dependentId: string, fate: DependentFate): void {
    if (!WALK_ID.test(walkId) || !this.prepare()) return;
    try {
      appendFileSync(this.fileOf(walkId, keyId), `${JSON.stringify({ id: dependentId, fate })}\n`, { mode: 0o600 });
    } catch {
      // The fate before stands: a dependent still counted as outside blocks at apply rather than frees.
    }
  }

  load(walkId: string, keyId: string): KeyRemovalVerdict | undefined {
    // Once found ours, not checked again: an apply reads one verdict per delete.
    if (this.readable !== true) this.readable = this.ownDir();
    if (!WALK_ID.test(walkId) || !this.readable) return undefined;
    let lines: string[];
    try {
      lines = readFileSync(this.fileOf(walkId, keyId), 'utf8').split('\n');
    } catch {
      return undefined;
    }
    const head = verdictSchema.safeParse(parseJson(lines[0]));
    if (!head.success || head.data.key.id !== keyId) return undefined;
    const byId = new Map(head.data.dependents.map((d) => [d.id, d]));
    for (const line of lines.slice(1)) {
      const change = fateLineSchema.safeParse(parseJson(line));
      const d = change.success ? byId.get(change.data.id) : undefined;
      if (d !== undefined && change.success) d.fate = change.data.fate;
    }
    return head.data;
  }

  private fileOf(walkId: string, keyId: string): string {
    return join(this.dir, `${walkId}.${createHash('sha256').update(keyId).digest('hex').slice(0, 32)}.json`);
  }

  /** The directory exists and is this user's; old files pruned (once). */
  private prepare(): boolean {
    if (this.ready !== undefined) return this.ready;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    } catch {
      // ownDir() below decides.
    }
    this.ready = this.ownDir();
    if (this.ready) this.prune();
    return this.ready;
  }

  private ownDir(): boolean {
    return isOwnFolder(this.dir, 0o077, true);
  }

  private prune(): void {
    removeFilesOlderThan(this.dir, this.now() - MAX_AGE_MS);
  }
}

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined || text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

