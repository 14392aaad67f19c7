/** Data source `flashback_provider_api_keys`: a workspace's keys with how many buckets and AI models use each. */
import { providerApiKey, resolveWorkspace } from '../../core';
import { apiKeyState } from '../../core/resources/provider-api-key';
import type { AnyObject } from '../codec/value';
import { attr, block, pathOf, t, type BlockSpec, type CtyType, type OperationContext, type TfDataSource, type TypeSchema } from '../framework';
import type { FlashbackProviderData } from './provider-data';

/** Every key field but the secret, which the API never returns. */
const listed = providerApiKey.fields.filter((f) => !f.writeOnly);
const itemType = t.object(Object.fromEntries(listed.map((f): [string, CtyType] => [f.name, f.type === 'number' ? t.number : t.string])));

export class ProviderApiKeysDataSource implements TfDataSource<BlockSpec, FlashbackProviderData> {
  readonly typeName = 'flashback_provider_api_keys';
  readonly schema: TypeSchema = {
    version: 0,
    block: block({
      description: 'The provider API keys of a workspace, with their usage: `bucket_count` and `ai_llm_count` tell which keys are safe to delete.',
      attributes: {
        workspace_id: attr.string({ description: 'The workspace to list. Defaults to the provider\'s `workspace_id`.', optional: true, computed: true }),
        provider_type: attr.string({ description: 'Only keys of this provider type, such as `AWS`.', optional: true }),
        api_keys: attr.of(t.list(itemType), { description: `The keys, each with ${listed.map((f) => `\`${f.name}\``).join(', ')}. \`key\` is sensitive.`, computed: true, sensitive: true }),
      },
    }),
  };

  async read({ config }: { readonly config: AnyObject }, context: Omit<OperationContext<FlashbackProviderData>, 'privateState'>): Promise<AnyObject | null> {
    const workspaceId = resolveWorkspace(typeof config.workspace_id === 'string' ? config.workspace_id : null, () => context.provider.workspaceId);
    if (workspaceId === undefined) {
      context.diagnostics.error('Missing workspace_id', 'Set workspace_id on this data source, or workspace_id (or FLASHBACK_WORKSPACE_ID) on the provider.', pathOf('workspace_id'));
      return null;
    }
    const providerType = typeof config.provider_type === 'string' ? config.provider_type : undefined;
    try {
      const keys = await context.provider.client.apiKeys.list({ workspaceId, provider: providerType }, context.signal);
      const items = keys.map((k) => {
        const s = apiKeyState(k, workspaceId);
        return Object.fromEntries(listed.map((f) => [f.name, s[f.prop] ?? null]));
      });
      return { workspace_id: workspaceId, provider_type: providerType ?? null, api_keys: items };
    } catch (e) {
      context.diagnostics.error('Could not list provider API keys', e instanceof Error ? e.message : String(e));
      return null;
    }
  }
}
