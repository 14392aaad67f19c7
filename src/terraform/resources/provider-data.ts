import type { FlashbackClient } from '../../client';

/**
 * What one provider process knows beyond the API: the dependents that this same plan deletes
 * or re-points, recorded as Terraform plans them, so a key's destroy plan does not report
 * them as conflicts.
 */
export class PlanLedger {
  readonly deleting = new Set<string>();
  readonly repointing = new Set<string>();
}

/** What resources receive as `context.provider`. */
export interface FlashbackProviderData {
  readonly client: FlashbackClient;
  /** The provider's default workspace, when set. */
  readonly workspaceId: string | null;
  readonly ledger: PlanLedger;
}
