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
import { randomUUID } from 'node:crypto';
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
  const key = deletion.key;
  return {
    key: { id: key.id, workspaceId: key.workspaceId },
    strict: deletion.strict,
    dependents: deletion.dependents.map((d) => ({ type: d.type, id: d.id, name: d.name, workspaceId: d.workspaceId, fate: fateIn(ledger, key, d.id) })),
  };
}

/** One dependent's fate in the verdict on `keyId`, as the change stands now. */
export function dependentFate(ledger: DependentsLedger, keyId: string, dependentId: string): DependentFate | undefined {
  const deletion = ledger.keyDeletion(keyId);
  if (deletion?.key === undefined || deletion.dependents?.some((x) => x.id === dependentId) !== true) return undefined;
  return fateIn(ledger, deletion.key, dependentId);
}

/** The ledger's standing of a dependent, in a verdict's words: one the change never mentions is outside it. */
function fateIn(ledger: DependentsLedger, key: ObjectRef, dependentId: string): DependentFate {
  const standing = ledger.standingOf(key, dependentId);
  return standing === 'unmentioned' ? 'outside' : standing;
}

/**
 * The apply-time decision: of the dependents that use the key now (`live`), those that will still
 * use it when the apply comes to delete it. Empty: the key's family may be deleted. They are the
 * ones the plan leaves on the key (kept on it, or outside the configuration) and the ones that
 * started using it after the plan: nothing in this apply moves a resource its plan never saw.
 * Re-pointed dependents are not counted: whether they are updated before the key is deleted
 * depends on create_before_destroy, which the plan warned about already.
 */
export function deletionBlockers(verdict: KeyRemovalVerdict, live: readonly Dependent[]): Dependent[] {
  const fates = new Map(verdict.dependents.map((d) => [d.id, d.fate]));
  return live.filter((d) => {
    const fate = fates.get(d.id);
    return fate === undefined || fate === 'kept' || fate === 'outside';
  });
}

/** The blockers among `blockers` that did not use the key when the plan was made. */
export function usingSincePlan(verdict: KeyRemovalVerdict, blockers: readonly Dependent[]): Dependent[] {
  const known = new Set(verdict.dependents.map((d) => d.id));
  return blockers.filter((d) => !known.has(d.id));
}

/** Where verdicts are kept between a plan and its apply. */
export interface VerdictStore {
  /** A key's whole verdict (its deletion was just recorded), replacing any earlier one; undefined when kept, else why not. */
  save(walkId: string, verdict: KeyRemovalVerdict): string | undefined;
  /** One dependent's new fate in a saved verdict: each change costs what one dependent does. */
  saveFate(walkId: string, keyId: string, dependentId: string, fate: DependentFate): void;
  /** The verdict with every fate saved since, or undefined. */
  load(walkId: string, keyId: string): KeyRemovalVerdict | undefined;
}

/**
 * The plan side: one per plan-walk process. Every change of a strict key's standing is written
 * as it happens, so whichever record comes last, the file holds the plan's final word.
 */
export class PlanVerdicts {
  /** Why a strict key's verdict could not be kept, by key id. */
  private readonly unkept = new Map<string, string>();

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
        const why = verdict === undefined ? undefined : store.save(this.walkId, verdict);
        if (why === undefined) this.unkept.delete(keyId);
        else this.unkept.set(keyId, why);
        return;
      }
      const fate = dependentFate(this.ledger, keyId, dependentId);
      if (fate !== undefined) store.saveFate(this.walkId, keyId, dependentId, fate);
    });
  }

  /** Why the verdict on a strict key this plan deletes could not be kept for the apply; undefined when it was. */
  notKept(keyId: string): string | undefined {
    return this.unkept.get(keyId);
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
 * Lists the key's dependents every time (a shared list: concurrent deletes of one family cost one),
 * also when the plan left none on the key, so that one attached since the plan is seen before
 * anything is deleted; a failed listing rejects (the caller refuses: protection is not given up
 * on a guess).
 */
export async function judgeFamilyDeletion(client: FlashbackClient, store: VerdictStore, walkId: string | null, keyId: string, signal?: AbortSignal): Promise<FamilyDeletion> {
  const verdict = walkId === null ? undefined : store.load(walkId, keyId);
  if (verdict?.strict !== true) return { kind: 'unjudged' };
  const blockers = deletionBlockers(verdict, await findDependents(client, verdict.key, signal));
  return blockers.length === 0 ? { kind: 'clear', verdict } : { kind: 'blocked', verdict, blockers };
}
