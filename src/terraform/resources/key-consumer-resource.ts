/**
 * What every resource that uses a provider API key adds to the base: its part in the key's
 * deletion check. As Terraform plans it, it tells the provider process's ledger whether this
 * plan deletes it, re-points it at another key, or keeps it on its key.
 */
import { NEW_KEY, type ResourceModel } from '../../core';
import { checkPlannedWrite } from './plan-checks';
import { ModelResource, type Ctx, type TfObject } from './model-resource';

/** Every key consumer's resource (`flashback_<kind>`): the provider serves one per core consumer model. */
export class KeyConsumerResource extends ModelResource {
  constructor(model: ResourceModel) {
    super(model);
  }

  async plan({ state, plan }: { readonly config: TfObject; readonly state: TfObject | null; readonly plan: TfObject }, context: Ctx): Promise<{ plan?: TfObject }> {
    await checkPlannedWrite(this.model.title, { state, plan }, context);
    // The key it uses after this plan: a known id, or a key this plan creates (unknown yet).
    if (state && typeof state.id === 'string') context.provider.ledger.recordPlanned(state.id, typeof plan.provider_api_key_id === 'string' ? plan.provider_api_key_id : NEW_KEY);
    return {};
  }

  async planDestroy({ state }: { readonly state: TfObject }, context: Ctx): Promise<void> {
    await checkPlannedWrite(this.model.title, { state, plan: null }, context);
    if (typeof state.id === 'string') context.provider.ledger.recordDeleting(state.id);
  }
}
