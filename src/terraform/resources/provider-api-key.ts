/**
 * `flashback_provider_api_key`: the core model through the base, plus everything key-specific:
 * the live `provider_type` check, the replacement warning, the destroy plan's conflict check,
 * the delete advice, and `deletion_protection`.
 *
 * Replacing a key (a change to `provider_type` or `workspace_id`): Terraform and OpenTofu alike
 * plan it with one PlanResourceChange that carries the prior state and returns
 * `requires_replace`, then a second with a null prior state for the new object; no destroy plan
 * is asked for the old object, and the dependents are planned only after the key (their
 * `provider_api_key_id` waits on its new id). So the key's own update plan is the one place to
 * report who uses it. Terraform does not tell providers about `create_before_destroy`, so the
 * warning cannot tell whether the old key will outlive the re-pointing; it says so. The first
 * plan's private data reaches the apply of the destroy half, which is how an apply-time refusal
 * knows it is part of a replacement.
 */
import {
  KeyInUseConflictError,
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

/**
 * Terraform plans a key's destroy concurrently with its dependents' plans, in no fixed order,
 * so the key waits at most this long for theirs before it judges them; it stops waiting as soon
 * as each has been planned. Dependents this plan does not manage never arrive.
 */
const SETTLE_MS = 3_000;

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

const deletionProtection = attr.bool({
  description: 'When `true`, a plan that would delete or replace the key while buckets or AI models use it fails instead of warning. Default `false`. The value in state counts: set it to `false` and apply before deleting or replacing a protected key.',
  optional: true,
});

export class ProviderApiKeyResource extends ModelResource {
  constructor() {
    super(providerApiKey, { deletion_protection: deletionProtection });
  }

  async plan({ state, plan }: { readonly config: TfObject; readonly state: TfObject | null; readonly plan: TfObject }, context: Ctx): Promise<{ plan?: TfObject }> {
    await checkPlannedWrite(this.model.title, { state, plan }, context);
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
    const path = pathOf(forcing[0].name);
    if (state.deletion_protection === true || next.deletion_protection === true) {
      context.diagnostics.error('Provider API key still in use (deletion_protection)', `${why} ${message}\n${DESTROY_FIRST}`, path);
    } else {
      context.diagnostics.warning('Replacing a provider API key still in use', `${why} ${message}\n${DESTROY_FIRST}\n${CANNOT_SEE_LIFECYCLE}`, path);
    }
  }

  async planDestroy({ state }: { readonly state: TfObject }, context: Ctx): Promise<void> {
    await checkPlannedWrite(this.model.title, { state, plan: null }, context);
    context.privateState.set(REPLACING, null);
    const ref = this.ref(state);
    let conflicts;
    let deletedFirst;
    try {
      const dependents = await findDependents(context.provider.client, ref, context.signal);
      await context.provider.ledger.settle(dependents.map((d) => d.id), SETTLE_MS, context.signal);
      conflicts = context.provider.ledger.conflicts(ref, dependents);
      deletedFirst = context.provider.ledger.deleted(dependents);
    } catch (e) {
      context.provider.checks.warnOnce(context.diagnostics, 'dependents', 'Could not check what uses the provider API keys', `The plan replaces or deletes provider API key ${ref.id} (and maybe others) but could not list their buckets and AI models: ${e instanceof Error ? e.message : String(e)}. A key still in use makes the apply fail; this warning is shown once per plan.`);
      return;
    }
    if (conflicts.length === 0) return;
    const message = conflictMessage(ref, conflicts, 'delete');
    if (state.deletion_protection === true) {
      context.diagnostics.error('Provider API key still in use (deletion_protection)', message);
    } else {
      // Terraform deletes dependents before their key: say what a failing apply would already have removed.
      const halfDone = deletedFirst.length > 0 ? `\nThis plan also deletes ${deletedFirst.map(describeDependent).join(', ')}; the apply deletes ${deletedFirst.length === 1 ? 'it' : 'them'} before it reaches the key, so a refused key leaves ${deletedFirst.length === 1 ? 'it' : 'them'} deleted.` : '';
      context.diagnostics.warning('Provider API key still in use', `${message}\nIf these resources are not deleted or re-pointed by this same plan, the apply will fail. Set deletion_protection = true to make this an error at plan time.${halfDone}`);
    }
  }

  /** The plan's replacement marker belongs to the old object, not to the one just created. */
  protected override created(context: Ctx): void {
    context.privateState.set(REPLACING, null);
  }

  protected override deleteRefused(e: unknown, context: Ctx): boolean {
    const forcing = context.privateState.get(REPLACING);
    if (!(e instanceof KeyInUseConflictError) || !Array.isArray(forcing) || e.dependents.length === 0) return false;
    // The destroy half of a destroy-first replacement (the plan marked it).
    const message = conflictMessage(e.key, e.dependents, 'replace');
    context.diagnostics.error(`The ${this.model.title} is still in use`, `Changing ${forcing.join(' and ')} replaces the key. ${message}\n${REPLACEMENT_REFUSED}`);
    return true;
  }
}
