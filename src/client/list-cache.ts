/**
 * Shares list answers between the many reads of one plan or refresh: Terraform reads each
 * resource separately (ten at a time), and the API has no get-by-id, so without this a plan
 * over N objects would cost N list calls. A load in flight is shared too, so concurrent reads
 * cost one call. Any write drops every entry, because a write to a bucket changes the usage
 * counts listed with keys.
 *
 * Read-backs after writes are coalesced: the API answers a create with the id only, so the
 * object's server-side fields (created_at, status) come from a list. A list asked for right
 * after a write, or while other writes of this client are in flight, does not start at once:
 * it waits until no write has been in flight for {@link ListCacheOptions.settleMs} (Terraform
 * starts the next creates as slots free up), at most {@link ListCacheOptions.coalesceMs}, and
 * every read-back asked for meanwhile joins it. It goes out at once when no write is in flight
 * and as many callers wait for held lists as this client ever had operations out together
 * (Terraform's parallelism, learnt from the traffic): every slot is then waiting on it, so no
 * further write can come to join it, and settling would only add latency. One list can serve at
 * most that many creates (each waits in its slot), so at Terraform's default parallelism of 10
 * a create costs at least 1/10 of a list. A write that answers before the shared list is
 * sent does not drop it, since the list will be served after that write; one answering after
 * it was sent does. So the creates that finish together (Terraform runs ten at a time) share
 * one list.
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
  /** The request has been sent: a write answering from now on makes the answer stale. */
  sent: boolean;
  /** Callers that joined it before it was sent. */
  heldCallers: number;
}

export interface ListCacheOptions {
  /** The longest a list waits for writes in flight to answer before it is sent anyway. */
  coalesceMs?: number;
  /** How long no write must be in flight before a held list is sent. */
  settleMs?: number;
}

export class ListCache {
  private readonly entries = new Map<string, Entry>();
  private writesInFlight = 0;
  /** Loads waiting for the writes in flight to answer. */
  private held: (() => void)[] = [];
  private readonly coalesceMs: number;
  private readonly settleMs: number;
  /** When the last write answered (ms, performance clock). */
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private settleTimer: NodeJS.Timeout | undefined;
  /** Callers waiting for loads not sent yet. */
  private heldCallers = 0;
  /** The most writes and held callers seen out together: how many operations the caller runs at once. */
  private peakActive = 0;

  constructor(opts: ListCacheOptions = {}) {
    this.coalesceMs = opts.coalesceMs ?? 250;
    this.settleMs = opts.settleMs ?? 20;
  }

  private get quiet(): boolean {
    return this.writesInFlight === 0 && performance.now() - this.lastWriteAt >= this.settleMs;
  }

  /**
   * The entry for `key`, loading it with `load` when absent. `abortedError` is what a caller
   * whose `signal` aborts is rejected with.
   */
  get<T>(key: string, load: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal, abortedError: () => Error = () => new Error('aborted')): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortedError());
    let entry = this.entries.get(key);
    if (entry === undefined) {
      const controller = new AbortController();
      const created: Entry = { promise: undefined as unknown as Promise<unknown>, controller, waiting: 0, pinned: false, settled: false, sent: false, heldCallers: 0 };
      const start = () => {
        created.sent = true;
        this.heldCallers -= created.heldCallers;
        created.heldCallers = 0;
        return load(controller.signal);
      };
      const unheld = (e: unknown) => {
        this.heldCallers -= created.heldCallers;
        created.heldCallers = 0;
        throw e;
      };
      (created as { promise: Promise<unknown> }).promise = this.quiet ? start() : this.afterWrites(controller.signal).then(start, unheld);
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
    if (!entry.sent) {
      entry.heldCallers += 1;
      this.heldCallers += 1;
      this.noteActive();
      if (this.writesInFlight === 0 && this.heldCallers >= this.peakActive) this.release();
    }
    return this.wait(key, entry, signal, abortedError) as Promise<T>;
  }

  private noteActive(): void {
    this.peakActive = Math.max(this.peakActive, this.writesInFlight + this.heldCallers);
  }

  /** Drops every answer, and every load already sent. */
  invalidate(): void {
    for (const [key, entry] of this.entries) if (entry.sent) this.entries.delete(key);
  }

  /**
   * Runs a write. Loads asked for while it runs wait for it; when it answers, the answers
   * and loads sent before are dropped (they may no longer hold), also when it fails (it may
   * have acted).
   */
  async write<T>(run: () => Promise<T>): Promise<T> {
    this.writesInFlight += 1;
    this.noteActive();
    clearTimeout(this.settleTimer);
    try {
      return await run();
    } finally {
      this.invalidate();
      this.writesInFlight -= 1;
      this.lastWriteAt = performance.now();
      if (this.writesInFlight === 0) this.releaseWhenSettled();
    }
  }

  private releaseWhenSettled(): void {
    clearTimeout(this.settleTimer);
    if (this.held.length === 0) return;
    if (this.heldCallers >= this.peakActive) {
      this.release();
      return;
    }
    this.settleTimer = setTimeout(() => {
      if (this.writesInFlight === 0) this.release();
    }, this.settleMs);
    this.settleTimer.unref?.();
  }

  private afterWrites(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      let done = false;
      const go = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.held = this.held.filter((h) => h !== go);
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.held = this.held.filter((h) => h !== go);
        reject(signal.reason);
      };
      // Writes that never seem to end (a create waiting out a Retry-After) must not stall reads.
      const timer = setTimeout(go, this.coalesceMs);
      timer.unref?.();
      this.held.push(go);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(): void {
    const held = this.held;
    this.held = [];
    for (const go of held) go();
  }

  private wait(key: string, entry: Entry, signal: AbortSignal | undefined, abortedError: () => Error): Promise<unknown> {
    if (signal === undefined) entry.pinned = true;
    if (signal === undefined || entry.settled) return entry.promise;
    entry.waiting += 1;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        entry.waiting -= 1;
        if (!entry.sent && entry.heldCallers > 0) {
          entry.heldCallers -= 1;
          this.heldCallers -= 1;
        }
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
