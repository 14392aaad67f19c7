/**
 * Shares list answers between the many reads of one plan or refresh: Terraform reads each
 * resource separately (ten at a time), and the API has no get-by-id, so without this a plan
 * over N objects would cost N list calls. A load in flight is shared too, so concurrent reads
 * cost one call. Any write drops every entry, because a write to a bucket changes the usage
 * counts listed with keys.
 *
 * Callers each bring their own abort signal (Terraform's cancellation, a resource's timeout).
 * One caller giving up must not fail the others waiting on the same load: each caller stops
 * waiting when its own signal aborts, and the shared request is aborted only once every
 * caller waiting for it has given up.
 */
interface Entry {
  readonly promise: Promise<unknown>;
  readonly controller: AbortController;
  /** Callers with a signal still waiting. */
  waiting: number;
  /** A caller without a signal waits: the load is never aborted. */
  pinned: boolean;
  settled: boolean;
}

export class ListCache {
  private readonly entries = new Map<string, Entry>();

  /**
   * The entry for `key`, loading it with `load` when absent. `abortedError` is what a caller
   * whose `signal` aborts is rejected with.
   */
  get<T>(key: string, load: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal, abortedError: () => Error = () => new Error('aborted')): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortedError());
    let entry = this.entries.get(key);
    if (entry === undefined) {
      const controller = new AbortController();
      const created: Entry = { promise: load(controller.signal), controller, waiting: 0, pinned: false, settled: false };
      entry = created;
      this.entries.set(key, created);
      created.promise.then(
        () => {
          created.settled = true;
        },
        () => {
          created.settled = true;
          // A failed load is not remembered.
          if (this.entries.get(key) === created) this.entries.delete(key);
        },
      );
    }
    return this.wait(key, entry, signal, abortedError) as Promise<T>;
  }

  invalidate(): void {
    this.entries.clear();
  }

  private wait(key: string, entry: Entry, signal: AbortSignal | undefined, abortedError: () => Error): Promise<unknown> {
    if (signal === undefined) entry.pinned = true;
    if (signal === undefined || entry.settled) return entry.promise;
    entry.waiting += 1;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        entry.waiting -= 1;
        if (entry.waiting === 0 && !entry.pinned && !entry.settled) {
          if (this.entries.get(key) === entry) this.entries.delete(key);
          entry.controller.abort(signal.reason);
        }
        reject(abortedError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error as Error);
        },
      );
    });
  }
}
