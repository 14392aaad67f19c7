import type { DependentFate, KeyRemovalVerdict, VerdictStore } from '../../src/core';

/** Verdicts kept in memory, for in-process tests (the file store has its own: test/core/plan-verdicts.test.ts). */
export class MemoryVerdictStore implements VerdictStore {
  readonly saved = new Map<string, KeyRemovalVerdict>();
  /** Every write, in order: the key id and, for a fate, the dependent's id and fate. */
  readonly writes: string[] = [];

  /** When set, every save fails with this reason (as a file store that cannot write). */
  failing?: string;

  save(walkId: string, verdict: KeyRemovalVerdict): string | undefined {
    if (this.failing !== undefined) return this.failing;
    this.saved.set(`${walkId}/${verdict.key.id}`, structuredClone(verdict));
    this.writes.push(verdict.key.id);
    return undefined;
  }

  saveFate(walkId: string, keyId: string, dependentId: string, fate: DependentFate): void {
    const d = this.saved.get(`${walkId}/${keyId}`)?.dependents.find((x) => x.id === dependentId);
    if (d) d.fate = fate;
    this.writes.push(`${keyId} ${dependentId} ${fate}`);
  }

  load(walkId: string, keyId: string): KeyRemovalVerdict | undefined {
    const v = this.saved.get(`${walkId}/${keyId}`);
    return v && structuredClone(v);
  }
}
