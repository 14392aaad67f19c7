/**
 * A plan's last word on each protected key it deletes, handed from the plan to the apply.
 *
 * While a plan is being made, a key's deletion can be judged only by what has been planned so far
 * (an engine that plans removed resources in no order gets "unsure": see dependents-ledger.ts).
 * By the end of the plan every resource the plan manages has been planned, so the same ledger
 * knows exactly which of a deleted key's dependents the plan deletes, keeps, re-points, or never
 * mentions (outside it): the verdict. It comes too late for the plan's output, but in time for the
 * apply, which runs later in another process: so each verdict is kept in a small file, brought up
 * to date whenever it changes (the engine gives no end-of-plan signal, so the last write is the
 * final word), and found again through the plan's walk id, which every planned deletion carries.
 *
 * At apply, before a protected key's dependent (or the key) is deleted, the dependents the plan
 * keeps or leaves outside and that still use the key block it: refusing then deletes nothing of
 * the key's family, instead of deleting its dependents and then meeting the API's refusal of the key.
 *
 * Only keys whose deletion is strict (Terraform's deletion_protection) are written: for the others
 * the apply does what the plan's warning said. Files hold ids, names and fates, never a secret.
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { FlashbackClient } from '../client';
import type { DependentsLedger } from './dependents-ledger';
import type { ObjectRef } from './model';
import { findDependents, type Dependent } from './usage';

export type DependentFate = 'deleted' | 'kept' | 'repointed' | 'outside';

export interface JudgedDependent extends Dependent {
  fate: DependentFate;
}

/** What a whole plan does to a key's dependents, as the API listed them when the plan deleted the key. */
export interface KeyRemovalVerdict {
  key: ObjectRef;
  /** Its deletion is protected (deletion_protection = true in state). */
  strict: boolean;
  dependents: JudgedDependent[];
}

/**
 * The verdict on `keyId` from everything the change has said so far, read as its final word: a
 * dependent it has not mentioned is outside it. Undefined when the change does not delete the key,
 * or could not list its dependents.
 */
export function keyRemovalVerdict(ledger: DependentsLedger, keyId: string): KeyRemovalVerdict | undefined {
  const deletion = ledger.keyDeletion(keyId);
  if (deletion?.key === undefined || deletion.dependents === undefined) return undefined;
  const standing = ledger.standing(deletion.key, deletion.dependents);
  const fates: [DependentFate, readonly Dependent[]][] = [['deleted', standing.deleted], ['kept', standing.kept], ['repointed', standing.repointed], ['outside', standing.unmentioned]];
  const fateOf = new Map(fates.flatMap(([fate, ds]) => ds.map((d) => [d.id, fate] as const)));
  return {
    key: { id: deletion.key.id, workspaceId: deletion.key.workspaceId },
    strict: deletion.strict,
    dependents: deletion.dependents.map((d) => ({ type: d.type, id: d.id, name: d.name, workspaceId: d.workspaceId, fate: fateOf.get(d.id) ?? 'outside' })),
  };
}

/** One dependent's fate in the verdict on `keyId`, as the change stands now. */
export function dependentFate(ledger: DependentsLedger, keyId: string, dependentId: string): DependentFate | undefined {
  const deletion = ledger.keyDeletion(keyId);
  const d = deletion?.dependents?.find((x) => x.id === dependentId);
  if (deletion?.key === undefined || d === undefined) return undefined;
  const s = ledger.standing(deletion.key, [d]);
  return s.deleted.length > 0 ? 'deleted' : s.kept.length > 0 ? 'kept' : s.repointed.length > 0 ? 'repointed' : 'outside';
}

/** The dependents that hold the key after the plan: kept on it, or never mentioned (outside). */
function holding(verdict: KeyRemovalVerdict): JudgedDependent[] {
  return verdict.dependents.filter((d) => d.fate === 'kept' || d.fate === 'outside');
}

/**
 * The apply-time decision: of the dependents that use the key now (`live`), those the plan leaves
 * on it. Empty: the key's family may be deleted. Re-pointed dependents are not counted: whether
 * they are updated before the key is deleted depends on create_before_destroy, which the plan
 * warned about already.
 */
export function deletionBlockers(verdict: KeyRemovalVerdict, live: readonly Dependent[]): Dependent[] {
  const ids = new Set(holding(verdict).map((d) => d.id));
  return live.filter((d) => ids.has(d.id));
}

/** Where verdicts are kept between a plan and its apply. */
export interface VerdictStore {
  /** A key's whole verdict (its deletion was just recorded), replacing any earlier one. */
  save(walkId: string, verdict: KeyRemovalVerdict): void;
  /** One dependent's new fate in a saved verdict: each change costs what one dependent does. */
  saveFate(walkId: string, keyId: string, dependentId: string, fate: DependentFate): void;
  /** The verdict with every fate saved since, or undefined. */
  load(walkId: string, keyId: string): KeyRemovalVerdict | undefined;
}

const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const WALK_ID = /^[A-Za-z0-9-]{8,64}$/;

const fateSchema = z.enum(['deleted', 'kept', 'repointed', 'outside']);
const verdictSchema = z.object({
  key: z.object({ id: z.string(), workspaceId: z.string() }),
  strict: z.boolean(),
  dependents: z.array(z.object({ type: z.string(), id: z.string(), name: z.string(), workspaceId: z.string(), fate: fateSchema })),
});
const fateLineSchema = z.object({ id: z.string(), fate: fateSchema });

/**
 * One file per walk and key, `<walk id>.<hash of key id>.json` (mode 0600) in a directory of this
 * user's (mode 0700; one owned by anyone else, or a symlink, disables the store: the apply then
 * behaves as with no verdict). JSON lines: the whole verdict, written atomically (temp file +
 * rename, so a reader sees it whole or not at all), then one line per fate changed since, appended
 * (a rewrite per change would cost a key with N dependents N² over a plan; a line cut short by a
 * kill is ignored, leaving the fate before it, which blocks rather than frees). Files older than 7
 * days are pruned at the first write of each store.
 */
export class FileVerdictStore implements VerdictStore {
  private ready: boolean | undefined;
  private readable: boolean | undefined;

  constructor(
    readonly dir: string = join(tmpdir(), 'flashback-iac-plan-verdicts'),
    private readonly now: () => number = Date.now,
  ) {}

  save(walkId: string, verdict: KeyRemovalVerdict): void {
    if (!WALK_ID.test(walkId) || !this.prepare()) return;
    const file = this.fileOf(walkId, verdict.key.id);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, `${JSON.stringify(verdict)}\n`, { mode: 0o600 });
      renameSync(tmp, file);
    } catch {
      // The apply then behaves as with no verdict (and says so); a plan never fails for it.
    }
  }

  saveFate(walkId: string, keyId: string, dependentId: string, fate: DependentFate): void {
    if (!WALK_ID.test(walkId) || !this.prepare()) return;
    try {
      appendFileSync(this.fileOf(walkId, keyId), `${JSON.stringify({ id: dependentId, fate })}\n`, { mode: 0o600 });
    } catch {
      // As in save().
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
    try {
      const st = lstatSync(this.dir);
      const uid = process.getuid?.();
      return st.isDirectory() && !st.isSymbolicLink() && (uid === undefined || st.uid === uid) && (st.mode & 0o077) === 0;
    } catch {
      return false;
    }
  }

  private prune(): void {
    const oldest = this.now() - MAX_AGE_MS;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      const file = join(this.dir, name);
      try {
        if (statSync(file).mtimeMs < oldest) unlinkSync(file);
      } catch {
        // Gone already, or not ours to remove.
      }
    }
  }
}

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined || text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The plan side: one per plan-walk process. Every change of a strict key's standing is written
 * as it happens, so whichever record comes last, the file holds the plan's final word.
 */
export class PlanVerdicts {
  constructor(
    private readonly ledger: DependentsLedger,
    readonly store: VerdictStore,
    /** Random per process: a plan-walk process serves one walk. */
    readonly walkId: string = randomUUID(),
  ) {
    ledger.onKeyChange((keyId, dependentId) => {
      if (ledger.keyDeletion(keyId)?.strict !== true) return;
      if (dependentId === undefined) {
        const verdict = keyRemovalVerdict(this.ledger, keyId);
        if (verdict !== undefined) store.save(this.walkId, verdict);
        return;
      }
      const fate = dependentFate(this.ledger, keyId, dependentId);
      if (fate !== undefined) store.saveFate(this.walkId, keyId, dependentId, fate);
    });
  }
}

/** At apply, what deleting a member of a protected key's family may do. */
export type FamilyDeletion =
  /** No verdict applies (no walk id, the key is not protected, or the verdict is not on this machine). */
  | { readonly kind: 'unjudged' }
  | { readonly kind: 'clear'; readonly verdict: KeyRemovalVerdict }
  /** The key's deletion will be refused: delete nothing of its family. */
  | { readonly kind: 'blocked'; readonly verdict: KeyRemovalVerdict; readonly blockers: readonly Dependent[] };

/**
 * Judges a delete of `keyId` or of one of its dependents, in the apply of the plan walk `walkId`.
 * Lists the key's dependents (a shared list) only when the plan left some on the key; a failed
 * listing rejects (the caller refuses: protection is not given up on a guess).
 */
export async function judgeFamilyDeletion(client: FlashbackClient, store: VerdictStore, walkId: string | null, keyId: string, signal?: AbortSignal): Promise<FamilyDeletion> {
  const verdict = walkId === null ? undefined : store.load(walkId, keyId);
  if (verdict?.strict !== true) return { kind: 'unjudged' };
  if (holding(verdict).length === 0) return { kind: 'clear', verdict };
  const blockers = deletionBlockers(verdict, await findDependents(client, verdict.key, signal));
  return blockers.length === 0 ? { kind: 'clear', verdict } : { kind: 'blocked', verdict, blockers };
}
