import { DependentsLedger, NEW_KEY, type Dependent } from '../../src/core';

const key = { workspaceId: 'ws', id: 'k1' };
const dep = (id: string, type = 'storage_bucket'): Dependent => ({ type, id, name: `n-${id}`, workspaceId: 'ws' });

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

  it('names the dependents the change deletes (what an apply removes before it reaches the key), in any order', () => {
    for (const order of permutations(steps)) {
      const l = new DependentsLedger();
      for (const [, apply] of order) apply(l);
      expect(l.deleted(dependents).map((d) => d.id)).toEqual(['b1']);
    }
  });

  it('judges each key by its own id: kept on k1 blocks k1, not k2', () => {
    const l = new DependentsLedger();
    l.recordPlanned('b1', 'k1');
    expect(l.conflicts(key, [dep('b1')]).map((d) => d.id)).toEqual(['b1']);
    expect(l.conflicts({ workspaceId: 'ws', id: 'k2' }, [dep('b1')])).toEqual([]);
  });
});

describe('DependentsLedger.standing: each dependent in one group, whatever the arrival order', () => {
  const dependents = [dep('b1'), dep('b2'), dep('b3'), dep('l1', 'ai_llm'), dep('outside')];
  const steps: Step[] = [deleting('b1'), kept('b2'), repointed('b3'), toNewKey('l1')];

  it.each(permutations(steps).map((p) => [p.map(([name]) => name).join(', '), p] as const))('after all of %s', (_order, order) => {
    const l = new DependentsLedger();
    for (const [, apply] of order) apply(l);
    const s = l.standing(key, dependents);
    expect({ deleted: s.deleted.map((d) => d.id), kept: s.kept.map((d) => d.id), repointed: s.repointed.map((d) => d.id), unmentioned: s.unmentioned.map((d) => d.id) }).toEqual({ deleted: ['b1'], kept: ['b2'], repointed: ['b3', 'l1'], unmentioned: ['outside'] });
  });

  it.each(permutations(steps).map((p) => [p.map(([name]) => name).join(', '), p] as const))('asked part-way through %s, what has not arrived is unmentioned, never guessed', (_order, order) => {
    for (let cut = 0; cut <= order.length; cut++) {
      const l = new DependentsLedger();
      for (const [, apply] of order.slice(0, cut)) apply(l);
      const arrived = new Set(order.slice(0, cut).map(([name]) => name.split(' ')[0]));
      const s = l.standing(key, dependents);
      expect(s.unmentioned.map((d) => d.id)).toEqual(dependents.map((d) => d.id).filter((id) => !arrived.has(id)));
      expect([...s.deleted, ...s.kept, ...s.repointed].map((d) => d.id).sort()).toEqual([...arrived].sort());
    }
  });
});

describe('DependentsLedger: keys the change deletes', () => {
  it('remembers each key\'s deletion and how strict it is; others are not deleted', () => {
    const l = new DependentsLedger();
    l.recordKeyDeleting('k1', { strict: true });
    l.recordKeyDeleting('k2', { strict: false });
    expect(l.keyDeletion('k1')).toEqual({ strict: true });
    expect(l.keyDeletion('k2')).toEqual({ strict: false });
    expect(l.keyDeletion('k3')).toBeUndefined();
  });
});
