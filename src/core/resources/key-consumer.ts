import type { FlashbackClient } from '../../client';
import { MAX_LENGTH } from '../../client/contract/limits';
import { checkNotBlank, checkText } from '../checks';
import type { FieldSpec } from '../model';

/** The consumers' reference to their key: `provider_api_key_id` in Terraform, `providerApiKeyId` in Pulumi. */
export const KEY_REFERENCE = { name: 'provider_api_key_id', prop: 'providerApiKeyId' } as const;

/** Fields every consumer of a provider API key has: its workspace and the key it uses. */
export function consumerFields(title: string): FieldSpec[] {
  return [
    { name: 'id', prop: 'id', type: 'string', kind: 'computed', description: `The ${title}'s id, assigned by Flashback.` },
    { name: 'workspace_id', prop: 'workspaceId', type: 'string', kind: 'input', required: true, replaceOnChange: true, defaultsToProviderWorkspace: true, check: checkText(MAX_LENGTH.id, checkNotBlank), description: `The workspace that owns the ${title}; it must be the key's workspace. Defaults to the provider's \`workspace_id\`. Changing it replaces the ${title}.` },
    { ...KEY_REFERENCE, type: 'string', kind: 'input', required: true, check: checkText(MAX_LENGTH.id, checkNotBlank), description: `The id of the provider API key whose credential the ${title} uses. Changing it re-points the ${title} in place, which is how a key is replaced without downtime.` },
  ];
}

/** One object that may use a key, as its workspace lists it. */
export interface ConsumerRow {
  id: string;
  name: string;
  workspaceId: string;
  /** The key it uses; undefined or empty when none. */
  keyId: string | null | undefined;
}

/**
 * What a model that uses provider API keys declares about itself, so that finding a key's
 * dependents, counting them and naming them in conflicts iterate declarations instead of
 * naming buckets and AI models.
 */
export interface KeyConsumer {
  /** How conflict messages name one ("storage bucket"). */
  label: string;
  /** Every object of the workspace, with the key each uses. */
  listByWorkspace(client: FlashbackClient, workspaceId: string, signal?: AbortSignal): Promise<ConsumerRow[]>;
}
