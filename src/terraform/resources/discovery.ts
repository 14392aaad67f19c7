/**
 * Discovery for the managed resources (Terraform 1.12+ identity, Terraform 1.14+ `terraform
 * query`): each resource is identified by `{workspace_id, id}`, the same two parts its import id
 * `<workspace_id>/<id>` carries, and has a list resource of the same type name that finds a
 * workspace's objects. A listed object's state is produced by the resource's own import and read,
 * so `-generate-config-out` writes exactly what a later plan reads back.
 */
import { resourceModels, type ResourceModel, type Values } from '../../core';
import type { AnyObject } from '../codec/value';
import {
  attr,
  block,
  pathOf,
  PrivateState,
  stateAttributesIdentity,
  t,
  type AttributeSpec,
  type BlockSpec,
  type ListContext,
  type ListRequest,
  type ListResult,
  type TfListResource,
  type TfResourceIdentity,
  type TypeSchema,
} from '../framework';
import type { Ctx, ModelResource } from './model-resource';
import type { FlashbackProviderData } from './provider-data';

function modelOf(resource: ModelResource): ResourceModel {
  const model = resourceModels.find((m) => `flashback_${m.kind}` === resource.typeName);
  if (model === undefined) throw new Error(`no core model for ${resource.typeName}`);
  return model;
}

/** `{workspace_id, id}` for a resource whose import id is `<workspace_id>/<id>`. */
export function workspaceScopedIdentity(resource: ModelResource): TfResourceIdentity<FlashbackProviderData> {
  const { title } = modelOf(resource);
  return stateAttributesIdentity({
    schema: {
      version: 0,
      attributes: {
        workspace_id: { type: t.string, requiredForImport: true, description: `The workspace that owns the ${title}.` },
        id: { type: t.string, requiredForImport: true, description: `The ${title}'s id, assigned by Flashback.` },
      },
    },
    import: async ({ identity }, context) => {
      const { workspace_id: workspaceId, id } = identity;
      if (typeof workspaceId !== 'string' || typeof id !== 'string' || workspaceId === '' || id === '') {
        context.diagnostics.error('Invalid import identity', `Give both workspace_id and id in the import block's identity, for example identity = { workspace_id = "ws-123", id = "4f6c..." }.`);
        return null;
      }
      return importState(resource, `${workspaceId}/${id}`, context);
    },
  });
}

async function importState(resource: ModelResource, id: string, context: Ctx): Promise<AnyObject | null> {
  return resource.import({ id }, context);
}

/** Filters a list block may set besides `workspace_id`: the reference and type fields each kind has. */
const FILTERS: readonly { readonly name: string; readonly prop: string; readonly description: string }[] = [
  { name: 'provider_type', prop: 'providerType', description: 'Only keys of this provider type, such as `AWS`.' },
  { name: 'provider_api_key_id', prop: 'providerApiKeyId', description: 'Only objects that use this provider API key.' },
];

export class ModelListResource implements TfListResource<BlockSpec, FlashbackProviderData> {
  readonly typeName: string;
  readonly schema: TypeSchema;
  private readonly filters: typeof FILTERS;
  private readonly model: ResourceModel;

  constructor(private readonly resource: ModelResource) {
    const model = modelOf(resource);
    this.model = model;
    this.typeName = resource.typeName;
    this.filters = FILTERS.filter((filter) => model.fields.some((f) => f.prop === filter.prop));
    const attributes: Record<string, AttributeSpec> = {
      workspace_id: attr.string({ description: `The workspace whose ${model.title}s to list. Defaults to the provider's \`workspace_id\`.`, optional: true }),
    };
    for (const filter of this.filters) attributes[filter.name] = attr.string({ description: filter.description, optional: true });
    this.schema = { version: 0, block: block({ description: `Finds the ${model.title}s of a workspace, for \`terraform query\`.`, attributes }) };
  }

  async *list({ config, includeResourceObject }: ListRequest<BlockSpec>, context: ListContext<FlashbackProviderData>): AsyncGenerator<ListResult> {
    const workspaceId = typeof config.workspace_id === 'string' && config.workspace_id !== '' ? config.workspace_id : context.provider.workspaceId;
    if (workspaceId === null) {
      context.diagnostics.error('Missing workspace_id', `Set workspace_id in this list block's config, or workspace_id (or FLASHBACK_WORKSPACE_ID) on the provider.`, pathOf('workspace_id'));
      return;
    }
    let found: Values[];
    try {
      found = await this.model.list(context.provider.client, workspaceId, context.signal);
    } catch (e) {
      context.diagnostics.error(`Could not list the ${this.model.title}s of workspace ${workspaceId}`, e instanceof Error ? e.message : String(e));
      return;
    }
    const wanted = this.filters.filter((filter) => typeof config[filter.name] === 'string');
    for (const state of found) {
      if (!wanted.every((filter) => state[filter.prop] === config[filter.name])) continue;
      const id = String(state.id);
      const result = { identity: { workspace_id: workspaceId, id }, displayName: displayName(state, id) };
      if (!includeResourceObject) {
        yield result;
        continue;
      }
      const object = await this.readObject(`${workspaceId}/${id}`, context);
      if (object === null) continue; // deleted since the listing, or reported
      yield { ...result, resourceObject: object };
    }
  }

  private async readObject(importId: string, context: ListContext<FlashbackProviderData>): Promise<AnyObject | null> {
    // Listing keeps no private data: each object is imported afresh when the user imports it.
    const full: Ctx = { ...context, privateState: new PrivateState(new Uint8Array()) };
    const imported = await importState(this.resource, importId, full);
    return imported === null ? null : this.resource.read({ state: imported }, full);
  }
}

function displayName(state: Values, id: string): string {
  if (typeof state.name === 'string') return state.name;
  const parts = [state.providerType, state.description ?? state.region].filter((part) => typeof part === 'string' && part !== '');
  return parts.length > 0 ? `${parts.join(' ')} (${id})` : id;
}
