/**
 * What every resource that uses a provider API key adds to the base: its part in the key's
 * deletion check. As Terraform plans it, it tells the provider process's ledger whether this
 * plan deletes it, re-points it at another key, or keeps it on its key. When its key's deletion
 * was planned before it (a normal plan orders neither: see provider-api-key.ts), the key could
 * only call it unsure; this plan knows, and reports what the apply meets because of it. At apply,
 * its delete first asks the plan's verdict on its key (family-deletion.ts): a protected key whose
 * deletion will be refused keeps this resource too.
 */
import { NEW_KEY, conflictMessage, type Dependent, type ResourceModel } from '../../core';
import { checkPlannedWrite } from './plan-checks';
import { ModelResource, type Ctx, type TfObject } from './model-resource';
import { REPOINT_BEFORE_DELETE } from './provider-api-key';
import { clearPlannedDeletion, markPlannedDeletion, refuseFamilyDeletion } from './family-deletion';

/** Every key consumer's resource (`flashback_<kind>`): the provider serves one per core consumer model. */
export class KeyConsumerResource extends ModelResource {
  constructor(model: ResourceModel) {
    super(model);
  }

  async plan({ state, plan }: { readonly config: TfObject; readonly state: TfObject | null; readonly plan: TfObject }, context: Ctx): Promise<{ plan?: TfObject }> {
    await checkPlannedWrite(this.model.title, { state, plan }, context);
    clearPlannedDeletion(context);
    if (!state || typeof state.id !== 'string') return {};
    // The key it uses after this plan: a known id, or a key this plan creates (unknown yet).
    const keyAfter = typeof plan.provider_api_key_id === 'string' ? plan.provider_api_key_id : NEW_KEY;
    context.provider.ledger.recordPlanned(state.id, keyAfter);
    const keyBefore = state.provider_api_key_id;
    const deletion = typeof keyBefore === 'string' ? context.provider.ledger.keyDeletion(keyBefore) : undefined;
    if (deletion === undefined || typeof keyBefore !== 'string') return {};
    const ref = { id: keyBefore, workspaceId: String(state.workspace_id) };
    const me: Dependent = { type: this.model.kind, id: state.id, name: String(state.name), workspaceId: String(state.workspace_id) };
    if (keyAfter === keyBefore) {
      const message = conflictMessage(ref, [me], 'delete');
      if (deletion.strict) context.diagnostics.error('Provider API key still in use (deletion_protection)', `${message}\nThis plan deletes the key and keeps this ${this.model.title} on it; the plan stops here, so nothing is deleted.`);
      else context.diagnostics.warning('Provider API key still in use', `${message}\nThis plan deletes the key and keeps this ${this.model.title} on it: the API refuses the key's deletion and the apply fails.`);
    } else {
      context.diagnostics.warning('Provider API key deleted before the resources re-pointed from it', `This plan deletes provider API key ${keyBefore} (workspace ${ref.workspaceId}) and points this ${this.model.title} (id ${state.id}) at another key. ${REPOINT_BEFORE_DELETE}`);
    }
    return {};
  }

  async planDestroy({ state }: { readonly state: TfObject }, context: Ctx): Promise<void> {
    await checkPlannedWrite(this.model.title, { state, plan: null }, context);
    markPlannedDeletion(context);
    if (typeof state.id === 'string') context.provider.ledger.recordDeleting(state.id);
  }

  override async delete(request: { readonly state: TfObject }, context: Ctx): Promise<void> {
    const { state } = request;
    const keyId = state.provider_api_key_id;
    if (typeof keyId === 'string' && typeof state.id === 'string') {
      const dependent: Dependent = { type: this.model.kind, id: state.id, name: String(state.name), workspaceId: String(state.workspace_id) };
      if (await refuseFamilyDeletion(keyId, { title: this.model.title, dependent }, context)) return;
    }
    await super.delete(request, context);
  }
}
