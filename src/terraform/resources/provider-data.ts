import type { FlashbackClient } from '../../client';
import type { PlanChecks } from './plan-checks';

/**
 * What one provider process knows beyond the API: the dependents that this same plan deletes
 * or re-points, recorded as Terraform plans them, so a key's destroy plan does not report
 * them as conflicts.
 */
export class PlanLedger {
  readonly deleting = new Set<string>();
  readonly repointing = new Set<string>();
  /** Dependents this plan keeps on their key (planned without a change of key). */
  readonly keeping = new Set<string>();

  decided(id: string): boolean {
    return this.deleting.has(id) || this.repointing.has(id) || this.keeping.has(id);
  }

  /**
   * Terraform plans a key's destroy concurrently with its dependents' plans, in no fixed
   * order, so the key waits a moment for theirs before it judges them. Dependents this plan
   * does not manage never arrive; they cost the whole wait.
   */
  async settle(ids: readonly string[], maxMs = 3_000, signal?: AbortSignal): Promise<void> {
    const until = Date.now() + maxMs;
    while (Date.now() < until && !signal?.aborted && !ids.every((id) => this.decided(id))) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** What resources receive as `context.provider`. */
export interface FlashbackProviderData {
  readonly client: FlashbackClient;
  /** The provider's default workspace, when set. */
  readonly workspaceId: string | null;
  readonly ledger: PlanLedger;
  /** Permission checks and once-per-plan warnings. */
  readonly checks: PlanChecks;
}
