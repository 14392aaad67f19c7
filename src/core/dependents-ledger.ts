/**
 * One change's knowledge of a key's dependents (a Terraform plan, a Pulumi update), shared by
 * every front end: which dependents the change deletes, which it leaves pointing at which key,
 * and so which of a key's live dependents would still block its deletion.
 *
 * Front ends record what they learn as the engine tells them, in whatever order it does; the
 * answer depends only on what was recorded, never on the order. A dependent the change never
 * mentions (one outside the configuration or program) keeps its key and blocks.
 */
import type { Dependent } from './usage';
import type { ObjectRef } from './model';

/** A key id that is not known yet (a key this change creates): never the key being deleted. */
export const NEW_KEY = Symbol('a key created by this change');
export type KeyAfter = string | typeof NEW_KEY;

/** How a dependent is waited for; injected so tests control time. */
export interface LedgerClock {
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: LedgerClock = {
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

interface Fate {
  deleting: boolean;
  /** The key it points at after the change, when the change plans it. */
  keyAfter?: KeyAfter;
}

export class DependentsLedger {
  private readonly fates = new Map<string, Fate>();
  private readonly waiters = new Set<() => void>();

  constructor(private readonly clock: LedgerClock = systemClock) {}

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

  /**
   * Waits until the change has said something about each of `ids`, or `maxMs` has passed on the
   * clock, or `signal` aborts; returns the ids still unknown.
   */
  async settle(ids: readonly string[], maxMs: number, signal?: AbortSignal): Promise<string[]> {
    const unknown = () => ids.filter((id) => !this.knows(id));
    if (unknown().length === 0 || maxMs <= 0) return unknown();
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const waiter = () => {
      if (unknown().length === 0) stop.abort();
    };
    this.waiters.add(waiter);
    try {
      await this.clock.sleep(maxMs, stop.signal);
    } finally {
      this.waiters.delete(waiter);
      signal?.removeEventListener('abort', onAbort);
    }
    return unknown();
  }

  /**
   * The live dependents that would still block deleting `key` after this change: those it
   * neither deletes nor points at another (or a new) key, including those it never mentions.
   */
  conflicts(key: ObjectRef, dependents: readonly Dependent[]): Dependent[] {
    return dependents.filter((d) => {
      const fate = this.fates.get(d.id);
      if (fate === undefined) return true;
      if (fate.deleting) return false;
      return fate.keyAfter === undefined || fate.keyAfter === key.id;
    });
  }

  private update(id: string, change: Partial<Fate>): void {
    const before = this.fates.get(id) ?? { deleting: false };
    this.fates.set(id, { ...before, ...change, deleting: before.deleting || change.deleting === true });
    for (const w of [...this.waiters]) w();
  }
}
