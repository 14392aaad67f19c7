import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlashbackClient } from '../../src/client';
import {
  DependentsLedger,
  NEW_KEY,
  PlanVerdicts,
  deletionBlockers,
  judgeFamilyDeletion,
  usingSincePlan,
  keyRemovalVerdict,
  type Dependent,
  type KeyRemovalVerdict,
  type VerdictStore,
} from '../../src/core';
import { FileVerdictStore } from '../../src/core/verdict-file-store';
import { MemoryVerdictStore } from '../support/memory-verdict-store';

const key = { workspaceId: 'ws', id: 'k1' };
const dep = (id: string, type = 'storage_bucket'): Dependent => ({ type, id, name: `n-${id}`, workspaceId: 'ws' });

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

const fates = (v: KeyRemovalVerdict | undefined) => Object.fromEntries((v?.dependents ?? []).map((d) => [d.id, d.fate]));

describe('keyRemovalVerdict: the plan\'s final word, whatever the arrival order', () => {
  const listed = [dep('del'), dep('kept'), dep('moved'), dep('new', 'ai_llm'), dep('outside')];
  type Step = readonly [string, (l: DependentsLedger) => void];
  const steps: Step[] = [
    ['del deleted', (l) => l.recordDeleting('del')],
    ['kept kept', (l) => l.recordPlanned('kept', 'k1')],
    ['moved to k2', (l) => l.recordPlanned('moved', 'k2')],
    ['new to a new key', (l) => l.recordPlanned('new', NEW_KEY)],
    ['KEY', (l) => l.recordKeyDeleting('k1', { strict: true, key, dependents: listed })],
  ];

  it.each(permutations(steps).map((p) => [p.map(([n]) => n).join(', '), p] as const))('%s', (_name, order) => {
    const ledger = new DependentsLedger();
    const store = new MemoryVerdictStore();
    new PlanVerdicts(ledger, store, 'walk-0001');
    for (const [, apply] of order) apply(ledger);
    const expected = { del: 'deleted', kept: 'kept', moved: 'repointed', new: 'repointed', outside: 'outside' };
    expect(fates(keyRemovalVerdict(ledger, 'k1'))).toEqual(expected);
    // The last file written is the final word: every change after the key's deletion rewrote it.
    const saved = store.load('walk-0001', 'k1')!;
    expect(fates(saved)).toEqual(expected);
    // One whole write at the key's deletion, then one line per dependent planned after it.
    expect(store.writes).toHaveLength(1 + order.slice(order.findIndex(([n]) => n === 'KEY') + 1).length);
    // The blockers at apply: the kept and the outside ones that still use the key.
    expect(deletionBlockers(saved, listed).map((d) => d.id)).toEqual(['kept', 'outside']);
    expect(deletionBlockers(saved, [dep('del'), dep('outside')]).map((d) => d.id)).toEqual(['outside']);
    // One the plan never saw, using the key now: nothing in this apply moves it.
    expect(deletionBlockers(saved, [dep('del'), dep('moved'), dep('attached-since')]).map((d) => d.id)).toEqual(['attached-since']);
  });

  it('a deletion outranks a plan of the same dependent, whichever arrives first', () => {
    for (const order of permutations<Step>([['d', (l) => l.recordDeleting('b')], ['p', (l) => l.recordPlanned('b', 'k1')], ['KEY', (l) => l.recordKeyDeleting('k1', { strict: true, key, dependents: [dep('b')] })]])) {
      const ledger = new DependentsLedger();
      for (const [, apply] of order) apply(ledger);
      expect(fates(keyRemovalVerdict(ledger, 'k1'))).toEqual({ b: 'deleted' });
    }
  });

  it('several keys: each dependent changes only its own key\'s verdict', () => {
    const ledger = new DependentsLedger();
    const store = new MemoryVerdictStore();
    new PlanVerdicts(ledger, store, 'walk-0001');
    ledger.recordKeyDeleting('k1', { strict: true, key, dependents: [dep('a')] });
    ledger.recordKeyDeleting('k2', { strict: true, key: { id: 'k2', workspaceId: 'ws' }, dependents: [dep('b')] });
    ledger.recordDeleting('b');
    ledger.recordDeleting('unrelated');
    expect(store.writes).toEqual(['k1', 'k2', 'k2 b deleted']);
    expect(fates(store.load('walk-0001', 'k1'))).toEqual({ a: 'outside' });
    expect(fates(store.load('walk-0001', 'k2'))).toEqual({ b: 'deleted' });
  });

  it('only protected keys are written; a key whose dependents could not be listed has no verdict', () => {
    const ledger = new DependentsLedger();
    const store = new MemoryVerdictStore();
    new PlanVerdicts(ledger, store, 'walk-0001');
    ledger.recordKeyDeleting('k1', { strict: false, key, dependents: [dep('a')] });
    ledger.recordKeyDeleting('k2', { strict: true });
    ledger.recordDeleting('a');
    expect(store.writes).toEqual([]);
    expect(keyRemovalVerdict(ledger, 'k2')).toBeUndefined();
    expect(keyRemovalVerdict(ledger, 'k1')?.strict).toBe(false);
  });

  it('agrees with an exact (destroy) plan: what that plan calls blocking is what the verdict blocks on', () => {
    const ledger = new DependentsLedger();
    ledger.recordDeleting('del');
    ledger.recordKeyDeleting('k1', { strict: true, key, dependents: listed });
    const exact = ledger.conflicts(key, listed).map((d) => d.id);
    expect(deletionBlockers(keyRemovalVerdict(ledger, 'k1')!, listed).map((d) => d.id)).toEqual(exact);
  });
});

describe('judgeFamilyDeletion: the apply-time decision', () => {
  const verdict = (fatesOf: Record<string, 'deleted' | 'kept' | 'repointed' | 'outside'>, strict = true): KeyRemovalVerdict => ({ key, strict, dependents: Object.entries(fatesOf).map(([id, fate]) => ({ ...dep(id), fate })) });
  const storeWith = (v: KeyRemovalVerdict | undefined): VerdictStore => ({ save: () => undefined, saveFate: () => undefined, load: (walkId) => (walkId === 'walk-0001' ? v : undefined) });
  /** A client whose listing answers `live` (counting the calls). */
  function clientListing(live: Dependent[]) {
    const calls = { n: 0 };
    const fake = {
      buckets: { list: () => { calls.n += 1; return Promise.resolve(live.filter((d) => d.type === 'storage_bucket').map((d) => ({ id: d.id, name: d.name, workspaceId: d.workspaceId, apiKeyId: 'k1' }))); } },
      aiLlms: { list: () => Promise.resolve(live.filter((d) => d.type === 'ai_llm').map((d) => ({ id: d.id, name: d.name, workspaceId: d.workspaceId, apiKeyId: 'k1' }))) },
    };
    // Only the two listings findDependents calls.
    return { client: fake as unknown as FlashbackClient, calls };
  }

  it('blocked by an outside dependent still there; clear once it is gone', async () => {
    const v = verdict({ del: 'deleted', outside: 'outside' });
    expect(await judgeFamilyDeletion(clientListing([dep('del'), dep('outside')]).client, storeWith(v), 'walk-0001', 'k1')).toMatchObject({ kind: 'blocked', blockers: [dep('outside')] });
    expect(await judgeFamilyDeletion(clientListing([dep('del')]).client, storeWith(v), 'walk-0001', 'k1')).toMatchObject({ kind: 'clear' });
  });

  it('nothing left on the key by the plan: clear, after one listing', async () => {
    const { client, calls } = clientListing([dep('del'), dep('moved')]);
    expect(await judgeFamilyDeletion(client, storeWith(verdict({ del: 'deleted', moved: 'repointed' })), 'walk-0001', 'k1')).toMatchObject({ kind: 'clear' });
    expect(calls.n).toBe(1);
  });

  it('a dependent that started using the key after the plan blocks the family, and is told apart from those the plan left', async () => {
    const v = verdict({ del: 'deleted', outside: 'outside' });
    const judged = await judgeFamilyDeletion(clientListing([dep('del'), dep('since')]).client, storeWith(v), 'walk-0001', 'k1');
    expect(judged).toMatchObject({ kind: 'blocked', blockers: [dep('since')] });
    expect(usingSincePlan(v, [dep('outside'), dep('since')])).toEqual([dep('since')]);
  });

  it('no walk id, no verdict, or an unprotected key: unjudged (the apply behaves as before)', async () => {
    const { client } = clientListing([dep('outside')]);
    expect(await judgeFamilyDeletion(client, storeWith(verdict({ outside: 'outside' })), null, 'k1')).toEqual({ kind: 'unjudged' });
    expect(await judgeFamilyDeletion(client, storeWith(verdict({ outside: 'outside' })), 'walk-other', 'k1')).toEqual({ kind: 'unjudged' });
    expect(await judgeFamilyDeletion(client, storeWith(verdict({ outside: 'outside' }, false)), 'walk-0001', 'k1')).toEqual({ kind: 'unjudged' });
  });

  it('a listing that fails rejects (the caller refuses rather than guess)', async () => {
    const client = { buckets: { list: () => Promise.reject(new Error('down')) }, aiLlms: { list: () => Promise.resolve([]) } } as unknown as FlashbackClient;
    await expect(judgeFamilyDeletion(client, storeWith(verdict({ outside: 'outside' })), 'walk-0001', 'k1')).rejects.toThrow('down');
  });
});

describe('FileVerdictStore', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fb-verdicts-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const v = (id = 'k1', fate: 'outside' | 'deleted' = 'outside'): KeyRemovalVerdict => ({ key: { id, workspaceId: 'ws' }, strict: true, dependents: [{ ...dep('b'), fate }] });

  it('saves and loads per walk and key, with the fates changed since; a whole save replaces the file (temp + rename, nothing left behind); mode 0700 / 0600', () => {
    const dir = join(root, 'verdicts');
    const store = new FileVerdictStore(dir);
    store.save('walk-0001', v('k1'));
    store.saveFate('walk-0001', 'k1', 'b', 'kept');
    store.saveFate('walk-0001', 'k1', 'b', 'deleted');
    store.saveFate('walk-0001', 'k1', 'not-listed', 'deleted');
    expect(store.load('walk-0001', 'k1')).toEqual(v('k1', 'deleted'));
    store.save('walk-0001', v('k2'));
    store.saveFate('walk-0001', 'k2', 'b', 'deleted');
    store.save('walk-0001', v('k2'));
    expect(store.load('walk-0001', 'k2')).toEqual(v('k2'));
    store.save('walk-0001', v('k2'));
    expect(store.load('walk-0001', 'k2')).toEqual(v('k2'));
    expect(store.load('walk-0002', 'k1')).toBeUndefined();
    const files = readdirSync(dir);
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.startsWith('walk-0001.') && f.endsWith('.json'))).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of files) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    // Another process (the apply) reads what this one wrote.
    expect(new FileVerdictStore(dir).load('walk-0001', 'k1')).toEqual(v('k1', 'deleted'));
  });

  it('a missing, truncated or foreign file reads as no verdict', () => {
    const dir = join(root, 'verdicts');
    const store = new FileVerdictStore(dir);
    expect(store.load('walk-0001', 'k1')).toBeUndefined();
    store.save('walk-0001', v('k1'));
    const [file] = readdirSync(dir);
    // A fate line cut short (a kill mid-append) is ignored: the fate before it stands.
    store.saveFate('walk-0001', 'k1', 'b', 'deleted');
    writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replace(/"fate":"deleted"\}\n$/, '"fate":"del'));
    expect(store.load('walk-0001', 'k1')).toEqual(v('k1'));
    writeFileSync(join(dir, file), '{"key":{"id":"k1"');
    expect(store.load('walk-0001', 'k1')).toBeUndefined();
    writeFileSync(join(dir, file), JSON.stringify(v('k9')));
    expect(store.load('walk-0001', 'k1')).toBeUndefined();
    // A walk id that is not one of ours is never turned into a path.
    expect(store.load('../../etc/passwd', 'k1')).toBeUndefined();
  });

  it('prunes files older than 7 days at its first write', () => {
    const dir = join(root, 'verdicts');
    mkdirSync(dir, { mode: 0o700 });
    const now = Date.now();
    writeFileSync(join(dir, 'old.json'), '{}');
    writeFileSync(join(dir, 'recent.json'), '{}');
    const eightDaysAgo = (now - 8 * 24 * 3600 * 1000) / 1000;
    utimesSync(join(dir, 'old.json'), eightDaysAgo, eightDaysAgo);
    new FileVerdictStore(dir, () => now).save('walk-0001', v());
    expect(readdirSync(dir).sort()).toEqual(['recent.json', expect.stringMatching(/^walk-0001\./)]);
  });

  it('a directory of ours open to others is tightened to 0700; a symlink disables the store (nothing written, nothing read, and save says why)', () => {
    const open = join(root, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    expect(new FileVerdictStore(open).save('walk-0001', v())).toBeUndefined();
    expect(statSync(open).mode & 0o777).toBe(0o700);
    expect(readdirSync(open)).toHaveLength(1);
    const real = join(root, 'real');
    mkdirSync(real, { mode: 0o700 });
    new FileVerdictStore(real).save('walk-0001', v());
    const link = join(root, 'link');
    symlinkSync(real, link);
    expect(new FileVerdictStore(link).load('walk-0001', 'k1')).toBeUndefined();
    expect(new FileVerdictStore(link).save('walk-0002', v())).toMatch(/link is not a directory of this user's only/);
    expect(readdirSync(real)).toHaveLength(1);
    expect(new FileVerdictStore(real).load('walk-0001', 'k1')).toEqual(v());
  });

  it('holds ids, names and fates only', () => {
    const dir = join(root, 'verdicts');
    new FileVerdictStore(dir).save('walk-0001', v());
    const [file] = readdirSync(dir);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, file), 'utf8')) as object).sort()).toEqual(['dependents', 'key', 'strict']);
  });
});
