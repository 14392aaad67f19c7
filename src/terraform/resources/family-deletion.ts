/**
 * deletion_protection at apply: the Terraform translation of core's plan verdicts
 * (src/core/plan-verdicts.ts). Each destroy plan of a key or of a key's dependent carries the plan
 * walk's id in its private data (Terraform 1.11, 1.15 and OpenTofu hand a destroy plan's
 * planned_private to the delete's ApplyResourceChange, with or without a saved plan file). The
 * delete reads its key's verdict through it and, when the plan leaves resources on a protected
 * key, refuses before calling the API: Terraform deletes a key's dependents before the key, so
 * refusing each of them keeps the whole family, and the key's own delete never runs.
 */
import { conflictMessage, describeDependent, judgeFamilyDeletion, usingSincePlan, type Dependent, type FamilyDeletion } from '../../core';
import type { Ctx } from './model-resource';

/** Private data of a planned deletion: the plan walk whose verdicts judge it. */
const PLAN_WALK = 'plan_walk';

export const PROTECTED_REFUSAL = 'Provider API key still in use (deletion_protection)';

/** A destroy plan: its apply may read this walk's verdicts. */
export function markPlannedDeletion(context: Ctx): void {
  context.privateState.set(PLAN_WALK, context.provider.verdicts.walkId);
}

/** Any other plan: a walk id left by a refused delete (Terraform keeps that plan's private data) judges nothing later. */
export function clearPlannedDeletion(context: Ctx): void {
  if (context.privateState.get(PLAN_WALK) !== null) context.privateState.set(PLAN_WALK, null);
}

/** Whether the apply's delete came from a plan of a provider that wrote verdicts. */
export function plannedWithVerdicts(context: Ctx): boolean {
  return typeof context.privateState.get(PLAN_WALK) === 'string';
}

/**
 * Why a protected key's dependents went ahead of the API's refusal of the key anyway, from how the
 * verdict judged the key's delete; undefined when the refusal needs no more than its own words
 * (a dependent the plan re-points, updated after the key: the plan warned about that order).
 */
export function refusedAnyway(judged: Allowed, refusedBy: readonly Dependent[]): string | undefined {
  if (judged.kind === 'unjudged') {
    return 'deletion_protection keeps the apply from deleting the key\'s buckets and AI models when the key\'s deletion will be refused, but only when the plan was made in this working directory (its verdict is kept in the Terraform data directory, flashback-plan-verdicts, for 7 days): this plan\'s verdict was not found, so the apply went ahead as the plan\'s warning said.';
  }
  const late = usingSincePlan(judged.verdict, refusedBy);
  return late.length === 0 ? undefined : `Started using the key after this apply had checked what uses it, so the apply went ahead: ${late.map(describeDependent).join(', ')}.`;
}

/**
 * Before deleting `self` (the key itself when null) of key `keyId`: an error and true when the
 * plan's verdict says the key's deletion will be refused, so nothing of its family is to be deleted.
 */
export async function refuseFamilyDeletion(keyId: string, self: { readonly title: string; readonly dependent: Dependent } | null, context: Ctx): Promise<boolean> {
  return (await judgeDeletion(keyId, self, context)) === 'refused';
}

/** A delete the verdict lets go ahead, with how it judged it. */
export type Allowed = Exclude<FamilyDeletion, { kind: 'blocked' }>;

/** {@link refuseFamilyDeletion}, with how the verdict judged a delete that may go ahead. */
export async function judgeDeletion(keyId: string, self: { readonly title: string; readonly dependent: Dependent } | null, context: Ctx): Promise<'refused' | Allowed> {
  const walk = context.privateState.get(PLAN_WALK);
  let judged: FamilyDeletion;
  try {
    judged = await judgeFamilyDeletion(context.provider.client, context.provider.verdicts.store, typeof walk === 'string' ? walk : null, keyId, context.signal);
  } catch (e) {
    context.diagnostics.error(
      'Could not check what uses the provider API key',
      `Provider API key ${keyId} has deletion_protection = true and this plan deletes it, but the buckets and AI models using it could not be listed (${e instanceof Error ? e.message : String(e)}), so ${self === null ? 'the key' : `this ${self.title}`} is not deleted: protection is not given up on a guess. Apply again when the API answers.`,
    );
    return 'refused';
  }
  if (judged.kind !== 'blocked') return judged;
  const { verdict, blockers } = judged;
  const what = self === null ? 'the key' : `this ${self.title}, ${describeDependent(self.dependent)}`;
  const late = usingSincePlan(verdict, blockers);
  context.diagnostics.error(
    PROTECTED_REFUSAL,
    `${conflictMessage(verdict.key, blockers, 'delete')}\n` +
      `The key has deletion_protection = true and this plan deletes it, but not the resources listed (they are not managed by this configuration, left out by -target, or kept on the key), so the API would refuse the key's deletion. ` +
      (late.length > 0 ? `Not using the key when the plan was made, and using it now: ${late.map(describeDependent).join(', ')}. ` : '') +
      `Nothing of the key's is deleted: ${what} is kept, and so are the key and the other resources of it this plan deletes. This was decided from the whole plan, once every resource had been planned.`,
  );
  return 'refused';
}
