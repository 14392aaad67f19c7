/**
 * What one provider process (one plan or apply) checks once and remembers: whether the caller
 * may write in each workspace (`GET /workspace`, one call for the whole plan), and which
 * degradation warnings it has already shown, so an API that throttles during a plan gives one
 * warning for the plan instead of one per resource.
 */
import type { FlashbackClient } from '../../client';
import type { Workspace } from '../../client/contract';
import { writeRefusal } from '../../core';
import { Unknown, type AnyValue, type AttributePath, type Diagnostics } from '../framework';

export class PlanChecks {
  private workspaces: Promise<readonly Workspace[]> | null = null;
  private readonly refused = new Set<string>();
  private readonly warned = new Set<string>();

  constructor(private readonly client: Pick<FlashbackClient, 'listWorkspaces'>) {}

  /**
   * An error when the caller cannot write in `workspaceId` (reported for the first resource of
   * each such workspace: the plan fails either way), a single warning per plan when it cannot
   * be told, nothing when it may write. `action` reads after "cannot": "create the storage bucket".
   */
  async checkWritable(workspaceId: AnyValue, action: string, diagnostics: Diagnostics): Promise<void> {
    if (typeof workspaceId !== 'string' || this.refused.has(workspaceId)) return;
    let workspaces: readonly Workspace[];
    try {
      // Shared by every resource of the plan; no per-call signal, so one cancelled call does not fail the others.
      this.workspaces ??= this.client.listWorkspaces();
      workspaces = await this.workspaces;
    } catch (e) {
      this.warnOnce(diagnostics, 'workspace roles', 'Could not check workspace permissions', `GET /workspace failed (${e instanceof Error ? e.message : String(e)}), so this plan could not check that the token may write where it plans to; the API checks at apply. This warning is shown once per plan.`);
      return;
    }
    const refusal = writeRefusal(workspaces, workspaceId, action);
    // Resources are planned concurrently: the first one past the shared answer reports.
    if (refusal === undefined || this.refused.has(workspaceId)) return;
    this.refused.add(workspaceId);
    diagnostics.error('Not allowed to write in this workspace', refusal);
  }

  /** A warning about degraded checking, shown once per plan for each `topic`. */
  warnOnce(diagnostics: Diagnostics, topic: string, summary: string, detail: string, path: AttributePath | null = null): void {
    if (this.warned.has(topic)) return;
    this.warned.add(topic);
    diagnostics.warning(summary, detail, path);
  }
}

/**
 * The one-line hook of every resource's plan (state and plan) and destroy plan (state, plan
 * null): what it would write is checked against the caller's role in the object's workspace.
 */
export async function checkPlannedWrite(
  title: string,
  change: { readonly state: { readonly [name: string]: AnyValue } | null; readonly plan: { readonly [name: string]: AnyValue } | null },
  context: { readonly provider: { readonly checks: PlanChecks }; readonly diagnostics: Diagnostics },
): Promise<void> {
  const { state, plan } = change;
  if (plan === null) {
    if (state !== null) await context.provider.checks.checkWritable(state.workspace_id, `delete the ${title}`, context.diagnostics);
  } else if (state === null || plansChange(plan, state)) {
    await context.provider.checks.checkWritable(plan.workspace_id, `${state === null ? 'create' : 'update'} the ${title}`, context.diagnostics);
  }
}

/** Whether an update plan changes anything (an unknown value counts as a change). */
export function plansChange(plan: { readonly [name: string]: AnyValue }, state: { readonly [name: string]: AnyValue }): boolean {
  return Object.keys(plan).some((name) => !sameValue(plan[name], state[name] ?? null));
}

function sameValue(a: AnyValue, b: AnyValue): boolean {
  if (a === Unknown || b === Unknown) return false;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    const left = a as readonly AnyValue[];
    const right = b as readonly AnyValue[];
    return Array.isArray(a) && Array.isArray(b) && left.length === right.length && left.every((v, i) => sameValue(v, right[i]));
  }
  const left = a as { readonly [name: string]: AnyValue };
  const right = b as { readonly [name: string]: AnyValue };
  const names = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...names].every((name) => sameValue(left[name] ?? null, right[name] ?? null));
}
