import { DependentsLedger, NEW_KEY, type Dependent, type LedgerClock } from '../../src/core';

const key = { workspaceId: 'ws', id: 'k1' };
const dep = (id: string, type = 'storage_bucket'): Dependent => ({ type, id, name: `n-${id}`, workspaceId: 'ws' });

/** A clock whose time passes only when the test says so. */
function manualClock(): LedgerClock & { sleeping: number; expire(): void } {
  const pending = new Set<() => void>();
  return {
    get sleeping() {
      return pending.size;
    },
    sleep: (_ms, signal) =>
      new Promise<void>((resolve) => {
        const done = () => {
          pending.delete(done);
          resolve();
        };
        if (signal?.aborted) return resolve();
        pending.add(done);
        signal?.addEventListener('abort', done, { once: true });
      }),
    expire: () => [...pending].forEach((f) => f()),
  };
}

type Step = readonly [string, (l: DependentsLedger) => void];
const deleting = (id: string): Step => [`${id} deleted`, (l) => l.recordDeleting(id)];
const kept = (id: string): Step => [`${id} kept on k1`, (l) => l.recordPlanned(id, 'k1')];
const repointed = (id: string): Step => [`${id} re-pointed to k2`, (l) => l.recordPlanned(id, 'k2')];
const toNewKey = (id: string): Step => [`${id} re-pointed to a new key`, (l) => l.recordPlanned(id, NEW_KEY)];

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

describe('DependentsLedger: what blocks a key\'s deletion', () => {
  const dependents = [dep('b1'), dep('b2'), dep('b3'), dep('l1', 'ai_llm'), dep('outside')];
  const steps: Step[] = [deleting('b1'), kept('b2'), repointed('b3'), toNewKey('l1')];

  it.each(permutations(steps).map((p) => [p.map(([name]) => name).join(', '), p] as const))('arrival order %s: the kept and the never-mentioned dependents block', (_order, order) => {
    const l = new DependentsLedger();
    for (const [, apply] of order) apply(l);
    expect(l.conflicts(key, dependents).map((d) => d.id)).toEqual(['b2', 'outside']);
  });

  it('a deletion outranks a plan of the same dependent, whichever arrives first', () => {
    for (const order of permutations([deleting('b1'), kept('b1')])) {
      const l = new DependentsLedger();
      for (const [, apply] of order) apply(l);
      expect(l.conflicts(key, [dep('b1')])).toEqual([]);
    }
  });

  it('judges each key by its own id: kept on k1 blocks k1, not k2', () => {
    const l = new DependentsLedger();
    l.recordPlanned('b1', 'k1');
    expect(l.conflicts(key, [dep('b1')]).map((d) => d.id)).toEqual(['b1']);
    expect(l.conflicts({ workspaceId: 'ws', id: 'k2' }, [dep('b1')])).toEqual([]);
  });
});

describe('DependentsLedger.settle (injected clock)', () => {
  it('returns at once when every dependent is known, without sleeping', async () => {
    const clock = manualClock();
    const l = new DependentsLedger(clock);
    l.recordDeleting('b1');
    await expect(l.settle(['b1'], 3_000)).resolves.toEqual([]);
    expect(clock.sleeping).toBe(0);
  });

  it.each(permutations(['b1', 'b2', 'b3']).map((p) => [p.join(' then '), p] as const))('stops waiting when the last of them arrives (%s), before the clock runs out', async (_order, order) => {
    const clock = manualClock();
    const l = new DependentsLedger(clock);
    const settled = l.settle(['b1', 'b2', 'b3'], 3_000);
    let done = false;
    void settled.then(() => (done = true));
    for (const id of order.slice(0, -1)) {
      l.recordPlanned(id, 'k1');
      await Promise.resolve();
      expect(done).toBe(false);
    }
    l.recordDeleting(order[order.length - 1]);
    await expect(settled).resolves.toEqual([]);
    expect(clock.sleeping).toBe(0);
  });

  it('gives up when the clock runs out and names the dependents the change never mentioned', async () => {
    const clock = manualClock();
    const l = new DependentsLedger(clock);
    const settled = l.settle(['b1', 'outside'], 3_000);
    l.recordDeleting('b1');
    await Promise.resolve();
    expect(clock.sleeping).toBe(1);
    clock.expire();
    await expect(settled).resolves.toEqual(['outside']);
  });

  it('stops when the caller\'s signal aborts', async () => {
    const l = new DependentsLedger(manualClock());
    const ac = new AbortController();
    const settled = l.settle(['b1'], 3_000, ac.signal);
    ac.abort();
    await expect(settled).resolves.toEqual(['b1']);
  });

  it('with the system clock, a wait of 0 ms does not wait', async () => {
    await expect(new DependentsLedger().settle(['b1'], 0)).resolves.toEqual(['b1']);
  });
});
