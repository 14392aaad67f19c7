import type { FlashbackClient } from '../../client';
import type { PlanChecks } from './plan-checks';
import type { DependentsLedger, PlanVerdicts } from '../../core';

/** What resources receive as `context.provider`. */
export interface FlashbackProviderData {
  readonly client: FlashbackClient;
  /** The provider's default workspace, when set. */
  readonly workspaceId: string | null;
  /**
   * What this plan does to keys' dependents, recorded as Terraform plans them (one provider
   * process serves one plan), so a key's destroy plan does not report dependents the same plan
   * deletes or re-points.
   */
  readonly ledger: DependentsLedger;
  /**
   * The plan's final word on each protected key it deletes, written for the apply (another
   * process) as the ledger changes; its walk id goes into every planned deletion's private data.
   */
  readonly verdicts: PlanVerdicts;
  /**
   * The engine's version as ConfigureProvider gives it (OpenTofu gives its own): the key's
   * deletion check depends on the order in which the engine plans removed resources.
   */
  readonly engineVersion: string;
  /** Permission checks and once-per-plan warnings. */
  readonly checks: PlanChecks;
}
