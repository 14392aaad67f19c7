/**
 * `flashback_provider_api_key`: the core model through the base, plus everything key-specific:
 * the live `provider_type` check, the replacement warning, the deletion conflict check, the
 * delete advice, and `deletion_protection`.
 *
 * What orders a key's deletion check (Terraform 1.11, 1.15 and OpenTofu 1.12 alike, observed and
 * read in their plan graph code). The provider is never told the plan's shape, the other
 * resources' state, or that the walk is over, and it must not wait inside an RPC: every resource
 * holds one of `-parallelism` slots during its provider call, so a key that waits for its
 * dependents starves them (the false conflicts of issue #14). What it can rely on:
 * - `plan -destroy` (also `destroy`, and `-destroy -target`): the destroy plan graph has destroy
 *   edges from state dependencies, so every dependent that references the key is planned
 *   before it. That walk refreshes nothing (Terraform refreshed in an earlier walk, with another
 *   provider process).
 * - A normal plan: removed (orphan) resources have no edges between them (their plan nodes are
 *   not destroyers), so a removed key and its removed dependents are planned in no fixed order.
 *   OpenTofu 1.12 and Terraform 1.15 refresh each one just before they plan its deletion; so on
 *   them a key's destroy plan that this process has not refreshed is a destroy plan's, and
 *   dependents it has not heard of are outside the configuration: exact. Terraform 1.11 plans
 *   the deletion first and refreshes after, so its two walks look the same at the key's plan:
 *   there, as in every normal plan, a dependent not planned yet may be one this plan deletes a
 *   moment later, or one outside the configuration (or left out by `-target`). The key cannot
 *   tell, so it says exactly that, in a warning, never an error (the plan may apply cleanly).
 *   Dependents planned after the key report their own part (key-consumer-resource.ts). By the end
 *   of the walk the ledger knows exactly, too late for the plan's output but in time for the
 *   apply: with deletion_protection, that verdict (src/core/plan-verdicts.ts) stops every delete
 *   of the key's family whose key would be refused (family-deletion.ts). With
 *   `-refresh=false` a normal plan looks like a destroy plan; the key then judges it as ordered
 *   (the one case where it can be wrong, and its error says so).
 * - Re-pointing: a dependent updated to another key while its old key is removed. Terraform
 *   applies the key's deletion before the update (the update depends on the key's destroy
 *   through its state dependency), unless the old key has `create_before_destroy`, which
 *   providers are never told: a warning that says so, never an error.
 * - Replacing a key (a change to `provider_type` or `workspace_id`): one PlanResourceChange with
 *   the prior state returns `requires_replace`, then one with a null prior state for the new
 *   object; no destroy plan is asked for the old object, and the dependents are planned after
 *   the key (their `provider_api_key_id` waits on its new id). Destroy-first (the default), the
 *   apply fails if anything uses the key; with `create_before_destroy`, only if something this
 *   plan does not re-point does. The key's own update plan is the one place to say so, as a
 *   warning. The first plan's private data reaches the apply of the destroy half, which is how
 *   an apply-time refusal knows it is part of a replacement.
 */
import {
  KeyInUseConflictError,
  type Dependent,
  type DependentsLedger,
  type DependentsStanding,
  type ObjectRef,
  checkProviderTypeKnown,
  conflictMessage,
  describeDependent,
  findDependents,
  providerApiKey,
  replaceFields,
} from '../../core';
import { attr, pathOf } from '../framework';
import { checkPlannedWrite } from './plan-checks';
import { ModelResource, type Ctx, type TfObject } from './model-resource';
import { clearPlannedDeletion, judgeDeletion, markPlannedDeletion, plannedWithVerdicts, refusedAnyway, type Allowed } from './family-deletion';

/** How the plan's verdict judged a protected key's delete that went ahead: its refusal says why (one entry per ApplyResourceChange). */
const judgedDeletions = new WeakMap<Ctx, Allowed>();

/** Private data of a key whose plan replaces it: the attributes forcing it. */
const REPLACING = 'replacing';

/** How Terraform orders a replacement, and what to do about it: Terraform advice stays in the Terraform front end. */
const DESTROY_FIRST =
  'Terraform replaces destroy-first by default: it deletes the old key before it creates the new one and re-points these, so the API refuses the deletion and the apply fails. ' +
  'Add lifecycle { create_before_destroy = true } to this key: Terraform then creates the new key, updates these to point at it, and deletes the old key last.';
/** At apply the provider knows the deletion is a replacement's, not whether create_before_destroy was set. */
const REPLACEMENT_REFUSED =
  'Without lifecycle { create_before_destroy = true } on the key, Terraform deletes the old key before it creates the new one and re-points these, so the API refuses. ' +
  'Add it and apply again: the new key is created, these are updated to point at it, and the old key is deleted last. If it is set already, re-point or delete the resources listed that this configuration does not manage.';
const CANNOT_SEE_LIFECYCLE =
  'Terraform does not tell providers about create_before_destroy, so this warning also shows when it is set; with it the apply succeeds if every resource listed is re-pointed or deleted by this configuration.';

const PROTECTION_CANNOT_DECIDE =
  'deletion_protection cannot make this an error: with create_before_destroy the replacement applies cleanly when this configuration re-points every resource listed.';

const deletionProtection = attr.bool({
  description: 'When `true`, a plan that would delete the key while buckets or AI models this plan does not delete use it fails instead of warning, wherever the plan can know it (see the conflict checks below), and where it cannot, the apply deletes nothing of the key\'s (neither the key nor its buckets and AI models) when the key\'s deletion would be refused, provided the plan and the apply run in one working directory (the verdict is kept in its Terraform data directory). Never an error for a plan that may apply cleanly. Default `false`. The value in state counts: set it to `false` and apply before deleting a protected key.',
  optional: true,
});

export class ProviderApiKeyResource extends ModelResource {
  constructor() {
    super(providerApiKey, { deletion_protection: deletionProtection });
  }

  async plan({ state, plan }: { readonly config: TfObject; readonly state: TfObject | null; readonly plan: TfObject }, context: Ctx): Promise<{ plan?: TfObject }> {
    await checkPlannedWrite(this.model.title, { state, plan }, context);
    clearPlannedDeletion(context);
    await this.checkProviderType(plan, state, context);
    if (state !== null) await this.checkReplacement(plan, state, context);
    return {};
  }

  /** provider_type against the live list (GET /providers, once per provider process), when it is new. */
  private async checkProviderType(next: TfObject, state: TfObject | null, context: Ctx): Promise<void> {
    const type = next.provider_type;
    if (typeof type !== 'string' || (state !== null && state.provider_type === type)) return;
    let providers;
    try {
      providers = await context.provider.client.listProviders(context.signal);
    } catch (e) {
      context.provider.checks.warnOnce(context.diagnostics, 'provider types', 'Could not check provider_type', `The provider types the Flashback API serves could not be listed (${e instanceof Error ? e.message : String(e)}); the API checks each key's provider_type when the key is created. This warning is shown once per plan.`, pathOf('provider_type'));
      return;
    }
    const issue = checkProviderTypeKnown(providers)(type);
    if (issue) context.diagnostics.error('Invalid provider_type', `provider_type ${issue}`, pathOf('provider_type'));
  }

  /**
   * A key whose plan replaces it: name what uses it now. Its dependents are planned after it,
   * so whether this plan re-points or deletes them is not known yet (see the file comment).
   */
  private async checkReplacement(next: TfObject, state: TfObject, context: Ctx): Promise<void> {
    const forcing = replaceFields(this.model).filter((f) => next[f.name] !== state[f.name]);
    context.privateState.set(REPLACING, forcing.length > 0 ? forcing.map((f) => f.name) : null);
    if (forcing.length === 0) return;
    const ref = this.ref(state);
    let dependents;
    try {
      dependents = await findDependents(context.provider.client, ref, context.signal);
    } catch (e) {
      context.provider.checks.warnOnce(context.diagnostics, 'dependents', 'Could not check what uses the provider API keys', `The plan replaces or deletes provider API key ${ref.id} (and maybe others) but could not list their buckets and AI models: ${e instanceof Error ? e.message : String(e)}. A key still in use makes the apply fail; this warning is shown once per plan.`);
      return;
    }
    if (dependents.length === 0) return;
    const why = `Changing ${forcing.map((f) => f.name).join(' and ')} replaces the key.`;
    const message = conflictMessage(ref, dependents, 'replace');
    // Destroy-first the apply fails; with create_before_destroy (never told to providers) only if something here is not re-pointed: never certain, so never an error.
    const protection = state.deletion_protection === true || next.deletion_protection === true ? `\n${PROTECTION_CANNOT_DECIDE}` : '';
    context.diagnostics.warning('Replacing a provider API key still in use', `${why} ${message}\n${DESTROY_FIRST}\n${CANNOT_SEE_LIFECYCLE}${protection}`, pathOf(forcing[0].name));
  }

  /** Terraform refreshes a removed key in a normal plan's walk only: see the file comment. */
  override async read(request: { readonly state: TfObject }, context: Ctx): Promise<TfObject | null> {
    if (typeof request.state.id === 'string') refreshedKeys(context.provider.ledger).add(request.state.id);
    return super.read(request, context);
  }

  async planDestroy({ state }: { readonly state: TfObject }, context: Ctx): Promise<void> {
    await checkPlannedWrite(this.model.title, { state, plan: null }, context);
    context.privateState.set(REPLACING, null);
    markPlannedDeletion(context);
    const ref = this.ref(state);
    const strict = state.deletion_protection === true;
    const { ledger } = context.provider;
    let verdict;
    let dependents;
    try {
      // Judged after the listing's round trip: dependents planned meanwhile count, and nothing waits longer.
      dependents = await findDependents(context.provider.client, ref, context.signal);
      verdict = removalVerdict(ledger.standing(ref, dependents), refreshesRemovedFirst(context.provider.engineVersion) && !refreshedKeys(ledger).has(ref.id));
    } catch (e) {
      ledger.recordKeyDeleting(ref.id, { strict });
      const why = e instanceof Error ? e.message : String(e);
      if (strict) {
        // Without the listing there is no verdict for the apply to hold the key's family by: protection is not given up on a guess.
        context.diagnostics.error('Could not check what uses the provider API key', `Provider API key ${ref.id} has deletion_protection = true and this plan deletes it, but its buckets and AI models could not be listed (${why}), so the plan cannot make sure the apply deletes nothing of the key's when the key's deletion would be refused. Plan again when the API answers.`);
        return;
      }
      context.provider.checks.warnOnce(context.diagnostics, 'dependents', 'Could not check what uses the provider API keys', `The plan replaces or deletes provider API key ${ref.id} (and maybe others) but could not list their buckets and AI models: ${why}. A key still in use makes the apply fail; this warning is shown once per plan.`);
      return;
    }
    // In the same tick as the verdict: a dependent planned from now on reports its own part, one planned before is in it.
    // With the listing, the ledger also keeps the plan's final word for the apply (context.provider.verdicts).
    ledger.recordKeyDeleting(ref.id, { strict, key: ref, dependents });
    const notKept = strict ? context.provider.verdicts.notKept(ref.id) : undefined;
    if (notKept !== undefined) {
      context.diagnostics.error('Could not keep the plan\'s verdict for deletion_protection', `Provider API key ${ref.id} has deletion_protection = true and this plan deletes it, but the verdict the apply needs to keep the key's buckets and AI models when the key's deletion would be refused could not be kept: ${notKept}. Make the Terraform data directory (TF_DATA_DIR, else .terraform) writable by this user only, then plan again.`);
      return;
    }
    reportRemoval(ref, verdict, strict, context);
  }

  /** The plan's replacement marker belongs to the old object, not to the one just created. */
  protected override created(context: Ctx): void {
    context.privateState.set(REPLACING, null);
  }

  /** A protected key whose plan left resources on it is not deleted (family-deletion.ts): the API would refuse. */
  override async delete(request: { readonly state: TfObject }, context: Ctx): Promise<void> {
    const { state } = request;
    if (state.deletion_protection === true && typeof state.id === 'string' && plannedWithVerdicts(context)) {
      const judged = await judgeDeletion(state.id, null, context);
      if (judged === 'refused') return;
      judgedDeletions.set(context, judged);
    }
    await super.delete(request, context);
  }

  protected override deleteRefused(e: unknown, context: Ctx): boolean {
    const forcing = context.privateState.get(REPLACING);
    const judged = judgedDeletions.get(context);
    const why = e instanceof KeyInUseConflictError && judged !== undefined ? refusedAnyway(judged, e.dependents) : undefined;
    if (e instanceof KeyInUseConflictError && why !== undefined) {
      // The verdict let the family go ahead (or was not found), yet the API refused the key: say why its dependents went first.
      context.diagnostics.error(`The ${this.model.title} is still in use`, `${e.message}\n${why}`);
      return true;
    }
    if (!(e instanceof KeyInUseConflictError) || !Array.isArray(forcing) || e.dependents.length === 0) return false;
    // The destroy half of a destroy-first replacement (the plan marked it).
    const message = conflictMessage(e.key, e.dependents, 'replace');
    context.diagnostics.error(`The ${this.model.title} is still in use`, `Changing ${forcing.join(' and ')} replaces the key. ${message}\n${REPLACEMENT_REFUSED}`);
    return true;
  }
}

/**
 * Whether the engine refreshes a removed resource before it plans its deletion (observed:
 * OpenTofu 1.12 and Terraform 1.15 do; Terraform 1.11 plans it first and refreshes after, so
 * its normal plans look like destroy plans at the key's plan). OpenTofu reports its own version,
 * so 1.12 stands for both; Terraform 1.12 to 1.14 were not observed.
 */
export function refreshesRemovedFirst(engineVersion: string): boolean {
  const [major, minor] = engineVersion.split('.').map(Number);
  return major > 1 || (major === 1 && minor >= 12);
}

/** Per ledger (one per provider process, one process per Terraform walk): the keys this walk refreshed. */
const refreshed = new WeakMap<DependentsLedger, Set<string>>();
function refreshedKeys(ledger: DependentsLedger): Set<string> {
  let set = refreshed.get(ledger);
  if (!set) refreshed.set(ledger, (set = new Set()));
  return set;
}

/** What a key's deletion meets at apply, as far as its destroy plan can know. */
export interface RemovalVerdict {
  /** Certain: the API refuses the key's deletion while these use it. */
  blocking: Dependent[];
  /** Re-pointed by this plan, but updated after the key's deletion unless it has create_before_destroy. */
  repointed: Dependent[];
  /** Not planned when the key was, in a walk without order: deleted by this plan, or outside it. */
  unplanned: Dependent[];
  /** Deleted by this plan; the apply deletes them before it reaches the key. */
  deletedFirst: Dependent[];
}

/**
 * The verdict on a key's live dependents from what the plan has said so far. `ordered`: the walk
 * plans every dependent that references the key before the key (a destroy plan), so one it has
 * not mentioned is outside the configuration.
 */
export function removalVerdict(standing: DependentsStanding, ordered: boolean): RemovalVerdict {
  return {
    blocking: ordered ? [...standing.kept, ...standing.unmentioned] : standing.kept,
    repointed: standing.repointed,
    unplanned: ordered ? [] : standing.unmentioned,
    deletedFirst: standing.deleted,
  };
}

const list = (ds: readonly Dependent[]) => ds.map((d) => `  - ${describeDependent(d)}`).join('\n');
const them = (ds: readonly unknown[]) => (ds.length === 1 ? 'it' : 'them');

/** What a failing apply has already deleted when it reaches the key. */
function deletedBefore(deleted: readonly Dependent[], unsure: boolean): string {
  if (deleted.length === 0) return '';
  return `\nThis plan also deletes ${deleted.map(describeDependent).join(', ')}; the apply deletes ${them(deleted)} before it reaches the key, so a refused key leaves ${them(deleted)} deleted${unsure ? ' (and so are those listed above that this plan deletes)' : ''}.`;
}

/** The repointing advice: Terraform words, so they stay in the Terraform front end. */
export const REPOINT_BEFORE_DELETE =
  'Terraform deletes a key removed from the configuration before it updates the resources re-pointed away from it (Terraform 1.11, 1.15 and OpenTofu alike), unless the key has lifecycle { create_before_destroy = true }: without it the API refuses the deletion, the apply fails, and every later apply fails the same way. ' +
  'Re-point them in one apply and remove the key in the next, or add create_before_destroy to the key and apply that before removing it. Terraform does not tell providers about create_before_destroy, so this warning also shows when it is set; then the apply succeeds.';

function reportRemoval(ref: ObjectRef, v: RemovalVerdict, strict: boolean, context: Ctx): void {
  const { diagnostics } = context;
  if (v.blocking.length > 0) {
    const message = conflictMessage(ref, v.blocking, 'delete');
    if (strict) {
      diagnostics.error('Provider API key still in use (deletion_protection)', `${message}\nThe plan stops here, so nothing is deleted. (With -refresh=false a normal plan looks like a destroy plan to the provider: if this plan deletes or re-points these too, plan again with refresh.)`);
    } else {
      diagnostics.warning('Provider API key still in use', `${message}\nThe API refuses the key's deletion while these use it, so the apply will fail. Set deletion_protection = true to make this an error at plan time.${deletedBefore(v.deletedFirst, false)}`);
    }
  }
  if (v.repointed.length > 0) {
    diagnostics.warning(
      'Provider API key deleted before the resources re-pointed from it',
      `Deleting provider API key ${ref.id} (workspace ${ref.workspaceId}): this plan points ${v.repointed.length === 1 ? 'this resource' : `these ${v.repointed.length} resources`} at another key:\n${list(v.repointed)}\n${REPOINT_BEFORE_DELETE}`,
    );
  }
  if (v.unplanned.length > 0) {
    const n = v.unplanned.length;
    const exactCheck = refreshesRemovedFirst(context.provider.engineVersion) ? 'plan the removal with -destroy -target on the key (Terraform then plans the resources that reference it first), or ' : '';
    const protection = strict
      ? `\ndeletion_protection cannot make this an error: the plan may apply cleanly. It holds at the apply instead: by the end of this plan the provider knows which of those listed the plan deletes, and if any other resource still uses the key, the apply deletes nothing of the key's (neither the key nor its resources this plan deletes) and fails naming them. That needs the apply to run on the machine that made this plan. For an exact check at plan time, ${exactCheck}remove these resources in one apply and the key in the next.`
      : '';
    diagnostics.warning(
      'Provider API key may still be in use',
      `Deleting provider API key ${ref.id} (workspace ${ref.workspaceId}): ${n} resource${n === 1 ? '' : 's'} using it had not been planned when the key was:\n${list(v.unplanned)}\n` +
        'The provider cannot tell whether this plan deletes them: a normal plan plans resources removed from the configuration in no fixed order, and Terraform never tells providers which resources it manages. ' +
        `If this plan deletes ${them(v.unplanned)}, the apply succeeds. If ${n === 1 ? 'it is' : 'any of them is'} not managed by this configuration (or left out by -target), the API refuses the key's deletion and the apply fails` +
        (strict
          ? ' before it deletes any resource of the key (deletion_protection)'
          : v.deletedFirst.length > 0
            ? ` after deleting ${v.deletedFirst.map(describeDependent).join(', ')}${n === 1 ? '' : ' and those listed that this plan deletes'}`
            : n === 1
              ? ''
              : ', after deleting those listed that this plan deletes') +
        `. If this plan re-points ${them(v.unplanned)}, see the warning on ${n === 1 ? 'that resource' : 'those resources'}.${protection}`,
    );
  }
}
