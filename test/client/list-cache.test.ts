import { ListCache } from '../../src/client/list-cache';

/** A load that settles when told, recording the signal it was given. */
function deferredLoad() {
  const calls: AbortSignal[] = [];
  let settle: ((v: string) => void) | undefined;
  const load = (signal: AbortSignal) => {
    calls.push(signal);
    return new Promise<string>((resolve, reject) => {
      settle = resolve;
      signal.addEventListener('abort', () => reject(new Error('load aborted')), { once: true });
    });
  };
  return { load, calls, resolve: (v: string) => settle?.(v) };
}

const aborted = () => new Error('caller gave up');

describe('ListCache', () => {
  it('shares one load between concurrent callers and keeps the answer until invalidated', async () => {
    const cache = new ListCache();
    const d = deferredLoad();
    const a = cache.get('k', d.load, new AbortController().signal, aborted);
    const b = cache.get('k', d.load, undefined, aborted);
    d.resolve('list');
    await expect(Promise.all([a, b])).resolves.toEqual(['list', 'list']);
    await expect(cache.get('k', d.load)).resolves.toBe('list');
    expect(d.calls).toHaveLength(1);
    cache.invalidate();
    const c = cache.get('k', d.load);
    d.resolve('again');
    await expect(c).resolves.toBe('again');
    expect(d.calls).toHaveLength(2);
  });

  it('lets one caller give up without failing the others waiting on the same load', async () => {
    const cache = new ListCache();
    const d = deferredLoad();
    const impatient = new AbortController();
    const a = cache.get('k', d.load, impatient.signal, aborted);
    const b = cache.get('k', d.load, new AbortController().signal, aborted);
    impatient.abort(new Error('timeout'));
    await expect(a).rejects.toThrow('caller gave up');
    expect(d.calls[0].aborted).toBe(false);
    d.resolve('list');
    await expect(b).resolves.toBe('list');
  });

  it('aborts the shared request once every caller has given up, and forgets it', async () => {
    const cache = new ListCache();
    const d = deferredLoad();
    const one = new AbortController();
    const two = new AbortController();
    const a = cache.get('k', d.load, one.signal, aborted);
    const b = cache.get('k', d.load, two.signal, aborted);
    one.abort();
    two.abort();
    await expect(Promise.all([a.catch((e: Error) => e.message), b.catch((e: Error) => e.message)])).resolves.toEqual(['caller gave up', 'caller gave up']);
    expect(d.calls[0].aborted).toBe(true);
    const c = cache.get('k', d.load);
    expect(d.calls).toHaveLength(2);
    d.resolve('fresh');
    await expect(c).resolves.toBe('fresh');
  });

  it('never aborts a load that a caller without a signal waits for', async () => {
    const cache = new ListCache();
    const d = deferredLoad();
    const giveUp = new AbortController();
    const patient = cache.get('k', d.load);
    const a = cache.get('k', d.load, giveUp.signal, aborted);
    giveUp.abort();
    await expect(a).rejects.toThrow('caller gave up');
    expect(d.calls[0].aborted).toBe(false);
    d.resolve('list');
    await expect(patient).resolves.toBe('list');
  });

  it('does not remember a failed load, and refuses a caller already aborted', async () => {
    const cache = new ListCache();
    let n = 0;
    const load = () => (++n === 1 ? Promise.reject(new Error('boom')) : Promise.resolve('ok'));
    await expect(cache.get('k', load)).rejects.toThrow('boom');
    await expect(cache.get('k', load)).resolves.toBe('ok');
    const done = new AbortController();
    done.abort();
    await expect(cache.get('other', load, done.signal, aborted)).rejects.toThrow('caller gave up');
    expect(n).toBe(2);
  });

  it('holds a load asked for during writes until they answer, and serves every caller asking meanwhile from it', async () => {
    const cache = new ListCache({ coalesceMs: 10_000, settleMs: 5 });
    const d = deferredLoad();
    const writes = [0, 1, 2].map(() => {
      let answer: (() => void) | undefined;
      const done = cache.write(() => new Promise<void>((r) => (answer = r)));
      return { done, answer: () => answer?.() };
    });
    writes[0].answer();
    await writes[0].done;
    const a = cache.get('k', d.load);
    writes[1].answer();
    await writes[1].done;
    const b = cache.get('k', d.load);
    // Not sent while a write is out; the write answering before it is sent does not drop it.
    expect(d.calls).toHaveLength(0);
    writes[2].answer();
    await writes[2].done;
    // Sent once no write has been out for settleMs.
    expect(d.calls).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 30));
    expect(d.calls).toHaveLength(1);
    d.resolve('after all three');
    await expect(Promise.all([a, b])).resolves.toEqual(['after all three', 'after all three']);
  });

  it('sends a held load at once when every operation out is waiting for it, and settles when some may still come', async () => {
    const cache = new ListCache({ coalesceMs: 10_000, settleMs: 10_000 });
    const d = deferredLoad();
    // Three creates out together, each reading back after its write, as Terraform runs them.
    const create = () => {
      let answer: (() => void) | undefined;
      const done = cache.write(() => new Promise<void>((r) => (answer = r))).then(() => cache.get('k', d.load));
      return { done, answer: () => answer?.() };
    };
    const first = [create(), create(), create()];
    first[0].answer();
    first[1].answer();
    await new Promise((r) => setTimeout(r, 10));
    expect(d.calls).toHaveLength(0);
    first[2].answer();
    // The third read-back makes all three slots wait on the list: sent without settling.
    await new Promise((r) => setTimeout(r, 10));
    expect(d.calls).toHaveLength(1);
    d.resolve('all three');
    await expect(Promise.all(first.map((c) => c.done))).resolves.toEqual(['all three', 'all three', 'all three']);
    // Two of the three slots in use: a third create may still start, so the list settles.
    const second = [create(), create()];
    second[0].answer();
    second[1].answer();
    await new Promise((r) => setTimeout(r, 30));
    expect(d.calls).toHaveLength(1);
  });

  it('drops a load already sent when a write answers after it, and sends one held too long anyway', async () => {
    const cache = new ListCache({ coalesceMs: 20, settleMs: 0 });
    const d = deferredLoad();
    const first = cache.get('k', d.load);
    expect(d.calls).toHaveLength(1);
    await cache.write(async () => undefined);
    const second = cache.get('k', d.load);
    expect(d.calls).toHaveLength(2);
    // The first load is no one's answer any more; the second is.
    void first;
    d.resolve('x');
    await expect(second).resolves.toBe('x');
    // A write that does not answer: the held load goes out after coalesceMs.
    let answer: (() => void) | undefined;
    const slow = cache.write(() => new Promise<void>((r) => (answer = r)));
    const third = cache.get('k2', d.load);
    expect(d.calls).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(d.calls).toHaveLength(3);
    d.resolve('late');
    await expect(third).resolves.toBe('late');
    answer?.();
    await slow;
  });
});
