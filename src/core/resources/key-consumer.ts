import { MAX_LENGTH } from '../../client/contract';
import { checkNotBlank, checkText } from '../checks';
import type { FieldSpec } from '../model';

/** Fields every consumer of a provider API key has: its workspace and the key it uses. */
export function consumerFields(title: string): FieldSpec[] {
  return [
    { name: 'id', prop: 'id', type: 'string', kind: 'computed', description: `The ${title}'s id, assigned by Flashback.` },
    { name: 'workspace_id', prop: 'workspaceId', type: 'string', kind: 'input', required: true, replaceOnChange: true, defaultsToProviderWorkspace: true, check: checkText(MAX_LENGTH.id, checkNotBlank), description: `The workspace that owns the ${title}; it must be the key's workspace. Defaults to the provider's \`workspace_id\`. Changing it replaces the ${title}.` },
    { name: 'provider_api_key_id', prop: 'providerApiKeyId', type: 'string', kind: 'input', required: true, check: checkText(MAX_LENGTH.id, checkNotBlank), description: `The id of the provider API key whose credential the ${title} uses. Changing it re-points the ${title} in place, which is how a key is replaced without downtime.` },
  ];
}
