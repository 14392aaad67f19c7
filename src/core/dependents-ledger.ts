/**
 * One change's knowledge of a key's dependents (a Terraform plan, a Pulumi update), shared by
 * every front end: which dependents the change deletes, which it leaves pointing at which key,
 * which keys it deletes, and so how each of a key's live dependents stands.
 *
 * Front ends record what they learn as the engine tells them, in whatever order it does, and
 * ask when they must answer. Nothing here waits: an engine that plans a key before its
 * dependents gets the dependents it has not mentioned yet as such, and its front end decides
 * what that means for its engine's order (see src/terraform/resources/provider-api-key.ts).
 */
import type { Dependent } from './usage';
import type { ObjectRef } from './model';

/** A key id that is not known yet (a key this change creates): never the key being deleted. */
export const NEW_KEY = Symbol('a key created by this change');
export type KeyAfter = string | typeof NEW_KEY;

interface Fate {
  deleting: boolean;
  /** The key it points at after the change, when the change plans it. */
  keyAfter?: KeyAfter;
}

/** How a key's live dependents stand in the change, as far as it has said so far. */
export interface DependentsStanding {
  /** The change deletes them. */
  deleted: Dependent[];
  /** The change keeps them on the key. */
  kept: Dependent[];
  /** The change points them at another key, or at one it creates. */
  repointed: Dependent[];
  /** The change has said nothing about them (yet): outside it, or not reached yet. */
  unmentioned: Dependent[];
}

/** What the change said when it planned a key's deletion. */
export interface KeyDeletion {
  /** A refusal is to be an error (Terraform's deletion_protection). */
  readonly strict: boolean;
  /** The key, and its live dependents as the API listed them when the change planned its deletion (absent: not listed). */
  readonly key?: ObjectRef;
  readonly dependents?: readonly Dependent[];
}

export class DependentsLedger {
  private readonly fates = new Map<string, Fate>();
  private readonly deletedKeys = new Map<string, KeyDeletion>();
  /** For each dependent listed by a deleted key: the keys whose standing its fate changes. */
  private readonly keysOfDependent = new Map<string, Set<string>>();
  private readonly listeners: ((keyId: string, dependentId?: string) => void)[] = [];

  /**
   * Calls `listener` (synchronously) each time the standing of a key this change deletes may
   * have changed: its deletion is recorded (no `dependentId`), or `dependentId`, one of its listed
   * dependents, gets a fate.
   */
  onKeyChange(listener: (keyId: string, dependentId?: string) => void): void {
    this.listeners.push(listener);
  }

  /** The change deletes this dependent (a destroy plan, a before-delete hook). Deleting outranks any plan. */
  recordDeleting(id: string): void {
    this.update(id, { deleting: true });
  }

  /** The change keeps this dependent, pointing at `keyAfter` (its old key, another one, or a new one). */
  recordPlanned(id: string, keyAfter: KeyAfter): void {
    this.update(id, { keyAfter });
  }

  /** Whether the change has said anything about this dependent yet. */
  knows(id: string): boolean {
    return this.fates.has(id);
  }

  /** The change deletes this key (not a replacement's destroy half). */
  recordKeyDeleting(keyId: string, deletion: KeyDeletion): void {
    this.deletedKeys.set(keyId, deletion);
    for (const d of deletion.dependents ?? []) {
      let keys = this.keysOfDependent.get(d.id);
      if (!keys) this.keysOfDependent.set(d.id, (keys = new Set()));
      keys.add(keyId);
    }
    this.changed(keyId);
  }

  /** How the change deletes this key, when it has said it does. */
  keyDeletion(keyId: string): KeyDeletion | undefined {
    return this.deletedKeys.get(keyId);
  }

  /** Each of `dependents` (the key's live ones) in exactly one group, in the order given. */
  standing(key: ObjectRef, dependents: readonly Dependent[]): DependentsStanding {
    const s: DependentsStanding = { deleted: [], kept: [], repointed: [], unmentioned: [] };
    for (const d of dependents) s[this.standingOf(key, d.id)].push(d);
    return s;
  }

  /** Where the change leaves one dependent of `key`: which list of {@link standing} it is in. */
  standingOf(key: ObjectRef, dependentId: string): keyof DependentsStanding {
    const fate = this.fates.get(dependentId);
    if (fate === undefined) return 'unmentioned';
    if (fate.deleting) return 'deleted';
    return fate.keyAfter === undefined || fate.keyAfter === key.id ? 'kept' : 'repointed';
  }

  /**
   * The live dependents that would still block deleting `key` after this change, for an engine
   * that updates before it deletes and has told everything: those the change neither deletes nor
   * points at another (or a new) key, including those it never mentions.
   */
  conflicts(key: ObjectRef, dependents: readonly Dependent[]): Dependent[] {
    const { kept, unmentioned } = this.standing(key, dependents);
    return dependents.filter((d) => kept.includes(d) || unmentioned.includes(d));
  }

  /** Of a key's live dependents, those this change deletes (in an apply, before it reaches the key). */
  deleted(dependents: readonly Dependent[]): Dependent[] {
    return dependents.filter((d) => this.fates.get(d.id)?.deleting === true);
  }

  private update(id: string, change: Partial<Fate>): void {
    const before = this.fates.get(id) ?? { deleting: false };
    this.fates.set(id, { ...before, ...change, deleting: before.deleting || change.deleting === true });
    for (const keyId of this.keysOfDependent.get(id) ?? []) this.changed(keyId, id);
  }

  private changed(keyId: string, dependentId?: string): void {
    for (const listener of this.listeners) listener(keyId, dependentId);
  }
}
