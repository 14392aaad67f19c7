import { z } from 'zod';
import { Id, IsoTimestamp, OptionalText, SuccessBody, httpUrl, text } from './common';
import { MAX_LENGTH } from './limits';
import { collection } from './collection';
import { RULES, route } from './route';
import { AI_TYPES } from './values';

export const AiType = z.enum(AI_TYPES);
export type AiType = z.infer<typeof AiType>;

export const AiLlm = z.object({
  id: Id,
  orgId: Id,
  workspaceId: Id,
  userId: Id,
  name: z.string(),
  aiType: z.string(),
  endpoint: OptionalText,
  /** Masked by the server, or null; never the real key. */
  key: OptionalText,
  apiKeyId: OptionalText,
  createdAt: IsoTimestamp,
  repos: z.array(z.unknown()),
});
export type AiLlm = z.infer<typeof AiLlm>;

export const ListAiLlmsQuery = z.strictObject({ workspaceId: Id.optional() });
export const ListAiLlmsResponse = SuccessBody.extend({ aiLlms: z.array(AiLlm) });

const aiLlmFields = {
  name: text(MAX_LENGTH.name, { min: 1 }),
  aiType: AiType,
  endpoint: httpUrl('endpoint').optional(),
  apiKeyUuid: Id.optional(),
  key: text(MAX_LENGTH.key, { min: 1 }).optional(),
  secret: text(MAX_LENGTH.secret, { min: 1 }).optional(),
};

export const CreateAiLlmRequest = z.strictObject({ workspaceId: Id, ...aiLlmFields });
export type CreateAiLlmRequest = z.infer<typeof CreateAiLlmRequest>;
export const CreateAiLlmResponse = SuccessBody.extend({ aiLlmId: Id });

export const UpdateAiLlmRequest = z.strictObject({
  name: aiLlmFields.name.optional(),
  aiType: aiLlmFields.aiType.optional(),
  endpoint: aiLlmFields.endpoint.nullable(),
  apiKeyUuid: aiLlmFields.apiKeyUuid,
  key: aiLlmFields.key,
  secret: aiLlmFields.secret,
});
export type UpdateAiLlmRequest = z.infer<typeof UpdateAiLlmRequest>;
export const UpdateAiLlmResponse = SuccessBody.extend({ aiLlmId: Id });
export const DeleteAiLlmResponse = SuccessBody;

export const aiLlms = collection({
  one: 'AiLlm',
  many: 'AiLlms',
  what: 'AI model configuration',
  list: route({ method: 'GET', path: '/ai/llm', summary: 'List AI model configurations', query: ListAiLlmsQuery, response: ListAiLlmsResponse, access: 'read', rules: [RULES.read] }),
  create: route({ method: 'POST', path: '/ai/llm', summary: 'Create an AI model configuration', body: CreateAiLlmRequest, response: CreateAiLlmResponse, access: 'write', rules: [RULES.write, RULES.keyRef, '`name` unique in the workspace'] }),
  update: route({ method: 'PUT', path: '/ai/llm/:id', summary: 'Update an AI model configuration', body: UpdateAiLlmRequest, response: UpdateAiLlmResponse, access: 'write', rules: [RULES.found, RULES.write, RULES.keyRef, '`name` unique in the workspace'] }),
  delete: route({ method: 'DELETE', path: '/ai/llm/:id', summary: 'Delete an AI model configuration', response: DeleteAiLlmResponse, access: 'write', rules: [RULES.found, RULES.write, '403 while a repository uses the configuration'] }),
});
