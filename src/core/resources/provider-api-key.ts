import type { ApiKey, UpdateApiKeyRequest } from '../../client/contract';
import { MAX_LENGTH } from '../../client/contract/limits';
import type { FlashbackClient } from '../../client';
import { checkHttpUrl, checkNotBlank, checkProviderTypeForm, checkText } from '../checks';
import { type FieldSpec, type InputIssue, type ObjectRef, type ResourceModel, optionalText } from '../model';
import { translateInUse } from '../usage';
import { createObject } from '../create-resolution';
import { ignoreNotFound, mustExist, readOrUndefined } from './read-helpers';

export interface ProviderApiKeyInputs {
  [prop: string]: string | number | undefined;
  workspaceId: string;
  providerType: string;
  key: string;
  /** Absent when the key was imported or adopted and the user has not supplied it. */
  secret?: string;
  endpoint?: string;
  region?: string;
  description?: string;
  tenantId?: string;
  subscriptionId?: string;
}

export interface ProviderApiKeyState {
  [prop: string]: string | number | undefined;
  id: string;
  workspaceId: string;
  providerType: string;
  key: string;
  endpoint?: string;
  region?: string;
  description?: string;
  tenantId?: string;
  subscriptionId?: string;
  createdAt: string;
  bucketCount: number;
  aiLlmCount: number;
}

const fields: readonly FieldSpec[] = [
  { name: 'id', prop: 'id', type: 'string', kind: 'computed', description: 'The key\'s id, assigned by Flashback. Buckets and AI models reference it as `provider_api_key_id`.' },
  { name: 'workspace_id', prop: 'workspaceId', type: 'string', kind: 'input', required: true, replaceOnChange: true, defaultsToProviderWorkspace: true, check: checkText(MAX_LENGTH.id, checkNotBlank), description: 'The workspace that owns the key. Defaults to the provider\'s `workspace_id`. Changing it replaces the key: a key never moves between workspaces.' },
  { name: 'provider_type', prop: 'providerType', type: 'string', kind: 'input', required: true, replaceOnChange: true, check: checkProviderTypeForm, description: 'The cloud or AI provider the credential is for, in upper case: `AWS`, `GCP`, `AZURE`, `OPENAI`, `ANTHROPIC`, or another type listed by the API. Changing it replaces the key.' },
  { name: 'key', prop: 'key', type: 'string', kind: 'input', required: true, sensitive: true, check: checkText(MAX_LENGTH.key, checkNotBlank), description: 'The credential\'s public part, such as an AWS access key id. Changing it updates the key in place.' },
  { name: 'secret', prop: 'secret', type: 'string', kind: 'input', required: true, sensitive: true, writeOnly: true, check: checkText(MAX_LENGTH.secret, checkNotBlank), description: 'The credential\'s secret part. Flashback encrypts it and never returns it, so changes made outside this configuration cannot be detected. Changing it rotates the secret in place: same id, dependents untouched.' },
  { name: 'endpoint', prop: 'endpoint', type: 'string', kind: 'input', check: checkHttpUrl, description: 'A custom service endpoint, as an absolute http(s) URL, for S3-compatible or self-hosted services.' },
  { name: 'region', prop: 'region', type: 'string', kind: 'input', check: checkText(MAX_LENGTH.region, checkNotBlank), description: 'The provider region the credential is used in, such as `eu-west-1`.' },
  { name: 'description', prop: 'description', type: 'string', kind: 'input', check: checkText(MAX_LENGTH.description), description: 'Free text shown in the Flashback console.' },
  { name: 'tenant_id', prop: 'tenantId', type: 'string', kind: 'input', check: checkText(MAX_LENGTH.tenantId, checkNotBlank), description: 'The Azure tenant id, for `AZURE` keys.' },
  { name: 'subscription_id', prop: 'subscriptionId', type: 'string', kind: 'input', check: checkText(MAX_LENGTH.subscriptionId, checkNotBlank), description: 'The Azure subscription id, for `AZURE` keys.' },
  { name: 'created_at', prop: 'createdAt', type: 'string', kind: 'computed', description: 'When the key was created (RFC 3339).' },
  { name: 'bucket_count', prop: 'bucketCount', type: 'number', kind: 'computed', asOfLastRead: true, description: 'How many storage buckets use the key, as the API counted at the last read.' },
  { name: 'ai_llm_count', prop: 'aiLlmCount', type: 'number', kind: 'computed', asOfLastRead: true, description: 'How many AI model configurations use the key, as the API counted at the last read.' },
];

/** Optional props the API can clear, with the request field each maps to. */
const optionalProps = ['endpoint', 'region', 'description', 'tenantId', 'subscriptionId'] as const;

export function apiKeyState(k: ApiKey, workspaceId: string): ProviderApiKeyState {
  return {
    id: k.id,
    workspaceId,
    providerType: k.provider,
    key: k.key,
    endpoint: optionalText(k.endpoint),
    region: optionalText(k.region),
    description: optionalText(k.description),
    tenantId: optionalText(k.tenantId),
    subscriptionId: optionalText(k.subscriptionId),
    createdAt: k.createdAt,
    bucketCount: k.bucket_count,
    aiLlmCount: k.aillm_count,
  };
}

const read = (client: FlashbackClient, ref: ObjectRef, signal?: AbortSignal) =>
  readOrUndefined(async () => apiKeyState(await client.apiKeys.get(ref.workspaceId, ref.id, signal), ref.workspaceId));

const readBack = async (client: FlashbackClient, ref: ObjectRef, signal?: AbortSignal) => mustExist(await read(client, ref, signal), 'provider API key', ref);

export const providerApiKey: ResourceModel<ProviderApiKeyInputs, ProviderApiKeyState> = {
  kind: 'provider_api_key',
  pulumiName: 'ProviderApiKey',
  title: 'provider API key',
  description: 'A workspace-scoped cloud or AI credential (a key id and an encrypted secret) that storage buckets and AI model configurations reuse instead of carrying their own. Rotating the secret updates the key in place; a key that buckets or AI models still use cannot be deleted, and the conflict is reported before anything is applied.',
  fields,
  // No unique name: a key is told apart by everything sent but the secret.
  identity: {
    list: async (client, workspaceId, signal) => (await client.apiKeys.list({ workspaceId }, signal)).map((k) => apiKeyState(k, workspaceId)),
    identifying: ['providerType', 'key', 'endpoint', 'region', 'description', 'tenantId', 'subscriptionId'],
  },

  checkCombination(input: Partial<ProviderApiKeyInputs>): InputIssue[] {
    const issues: InputIssue[] = [];
    if (input.providerType !== undefined && input.providerType !== 'AZURE') {
      for (const p of ['tenantId', 'subscriptionId'] as const) {
        if (input[p] !== undefined) issues.push({ prop: p, message: `applies only to AZURE keys; remove it or set the provider type to AZURE` });
      }
    }
    return issues;
  },

  async create(client, input, signal) {
    if (input.secret === undefined) throw new Error('A provider API key cannot be created without its secret.');
    const secret = input.secret;
    const send = (s?: AbortSignal) =>
      client.apiKeys.create(
        {
          workspaceId: input.workspaceId,
          provider: input.providerType,
          key: input.key,
          secret,
          endpoint: input.endpoint,
          region: input.region,
          description: input.description,
          tenantId: input.tenantId,
          subscriptionId: input.subscriptionId,
        },
        s,
      );
    return (await createObject(providerApiKey, client, input, send, signal)) as ProviderApiKeyState;
  },

  read,

  async list(client, workspaceId, signal) {
    return (await client.apiKeys.list({ workspaceId }, signal)).map((k) => apiKeyState(k, workspaceId));
  },

  async update(client, ref, input, changed, signal) {
    const body: UpdateApiKeyRequest = {};
    if (changed.includes('key')) body.key = input.key;
    if (changed.includes('secret') && input.secret !== undefined) body.secret = input.secret;
    if (changed.includes('providerType')) body.provider = input.providerType;
    for (const p of optionalProps) if (changed.includes(p)) body[p] = input[p] ?? null;
    if (Object.keys(body).length > 0) await client.apiKeys.update(ref.id, body, signal);
    return readBack(client, ref, signal);
  },

  async delete(client, ref, signal) {
    try {
      await ignoreNotFound(() => client.apiKeys.delete(ref.id, signal));
    } catch (e) {
      throw await translateInUse(client, e, ref, signal);
    }
  },
};
