import type { AiLlm, UpdateAiLlmRequest } from '../../client/contract';
import type { AiType } from '../../client/contract';
import { MAX_LENGTH } from '../../client/contract/limits';
import { AI_TYPES } from '../../client/contract/values';
import type { FlashbackClient } from '../../client';
import { checkHttpUrl, checkNotBlank, checkOneOf, checkText } from '../checks';
import { type FieldSpec, type ObjectRef, type ResourceModel, optionalText } from '../model';
import { createObject } from '../create-resolution';
import { consumerFields } from './key-consumer';
import { ignoreNotFound, mustExist, readOrUndefined } from './read-helpers';

export interface AiLlmInputs {
  [prop: string]: string | number | undefined;
  workspaceId: string;
  providerApiKeyId: string;
  name: string;
  aiType: string;
  endpoint?: string;
}

export interface AiLlmState extends AiLlmInputs {
  id: string;
  createdAt: string;
}

const fields: readonly FieldSpec[] = [
  ...consumerFields('AI model configuration'),
  { name: 'name', prop: 'name', type: 'string', kind: 'input', required: true, check: checkText(MAX_LENGTH.name, checkNotBlank), description: 'The configuration\'s name, unique within its workspace.' },
  { name: 'ai_type', prop: 'aiType', type: 'string', kind: 'input', required: true, check: checkOneOf(AI_TYPES), description: `The AI provider: ${AI_TYPES.map((o) => `\`${o}\``).join(', ')}.` },
  { name: 'endpoint', prop: 'endpoint', type: 'string', kind: 'input', check: checkHttpUrl, description: 'A custom model endpoint, as an absolute http(s) URL.' },
  { name: 'created_at', prop: 'createdAt', type: 'string', kind: 'computed', description: 'When the configuration was created (RFC 3339).' },
];

export function aiLlmState(l: AiLlm): AiLlmState {
  return {
    id: l.id,
    workspaceId: l.workspaceId,
    providerApiKeyId: l.apiKeyId ?? '',
    name: l.name,
    aiType: l.aiType,
    endpoint: optionalText(l.endpoint),
    createdAt: l.createdAt,
  };
}

const read = (client: FlashbackClient, ref: ObjectRef, signal?: AbortSignal) => readOrUndefined(async () => aiLlmState(await client.aiLlms.get(ref.workspaceId, ref.id, signal)));
const readBack = async (client: FlashbackClient, ref: ObjectRef, signal?: AbortSignal) => mustExist(await read(client, ref, signal), 'AI model configuration', ref);

export const aiLlm: ResourceModel<AiLlmInputs, AiLlmState> = {
  kind: 'ai_llm',
  pulumiName: 'AiLlm',
  title: 'AI model configuration',
  description: 'An AI model configuration in Flashback that uses a provider API key for its credentials. Re-pointing it at another key is an in-place update.',
  fields,
  identity: {
    list: async (client, workspaceId, signal) => (await client.aiLlms.list({ workspaceId }, signal)).map(aiLlmState),
    identifying: ['name'],
    uniqueIn: 'workspace',
  },
  consumer: {
    label: 'AI model',
    listByWorkspace: async (client, workspaceId, signal) =>
      (await client.aiLlms.list({ workspaceId }, signal)).map((l) => ({ id: l.id, name: l.name, workspaceId: l.workspaceId, keyId: l.apiKeyId })),
  },
  checkCombination: () => [],

  async create(client, input, signal) {
    const send = (s?: AbortSignal) =>
      client.aiLlms.create({ workspaceId: input.workspaceId, apiKeyUuid: input.providerApiKeyId, name: input.name, aiType: input.aiType as AiType, endpoint: input.endpoint }, s);
    return (await createObject(aiLlm, client, input, send, signal)) as AiLlmState;
  },

  read,

  async list(client, workspaceId, signal) {
    return (await client.aiLlms.list({ workspaceId }, signal)).map(aiLlmState);
  },

  async update(client, ref, input, changed, signal) {
    const body: UpdateAiLlmRequest = {};
    if (changed.includes('providerApiKeyId')) body.apiKeyUuid = input.providerApiKeyId;
    if (changed.includes('name')) body.name = input.name;
    if (changed.includes('aiType')) body.aiType = input.aiType as AiType;
    if (changed.includes('endpoint')) body.endpoint = input.endpoint ?? null;
    if (Object.keys(body).length > 0) await client.aiLlms.update(ref.id, body, signal);
    return readBack(client, ref, signal);
  },

  delete: (client, ref, signal) => ignoreNotFound(() => client.aiLlms.delete(ref.id, signal)),
};
