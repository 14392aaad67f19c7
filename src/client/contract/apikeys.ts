import { z } from 'zod';
import { Id, IsoTimestamp, OptionalText, ProviderName, SuccessBody, httpUrl, text } from './common';
import { MAX_LENGTH } from './limits';
import { collection } from './collection';
import { RULES, route } from './route';

/** Capability bits of `GET /apikeys?capability=` and of `GET /providers`. */
export const Capability = { storage: 1, ai: 2, cloud: 4, all: 255 } as const;

export const ApiKey = z.object({
  id: Id,
  key: z.string(),
  provider: z.string(),
  endpoint: OptionalText,
  region: OptionalText,
  description: OptionalText,
  tenantId: OptionalText,
  subscriptionId: OptionalText,
  createdAt: IsoTimestamp,
  bucket_count: z.number().int().nonnegative(),
  aillm_count: z.number().int().nonnegative(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const ListApiKeysQuery = z.strictObject({
  workspaceId: Id.optional(),
  provider: ProviderName.optional(),
  capability: z.coerce.number().int().min(0).max(255).optional(),
});
export type ListApiKeysQuery = z.infer<typeof ListApiKeysQuery>;

export const ListApiKeysResponse = SuccessBody.extend({ apiKeys: z.array(ApiKey) });

const apiKeyFields = {
  key: text(MAX_LENGTH.key, { min: 1 }),
  secret: text(MAX_LENGTH.secret, { min: 1 }),
  provider: ProviderName,
  endpoint: httpUrl('endpoint').optional(),
  region: text(MAX_LENGTH.region, { min: 1 }).optional(),
  description: text(MAX_LENGTH.description).optional(),
  /** Only for `AZURE` keys (with `subscriptionId`); the server refuses them on any other provider. */
  tenantId: text(MAX_LENGTH.tenantId, { min: 1 }).optional(),
  subscriptionId: text(MAX_LENGTH.subscriptionId, { min: 1 }).optional(),
};

/** Fields that name an Azure tenant and subscription: only an `AZURE` key may carry them. */
export const AZURE_ONLY_FIELDS = ['tenantId', 'subscriptionId'] as const;

/**
 * The AZURE rule, written once: the contract applies it to a create; the emulator to an
 * update, on the key as it will be (fields sent over fields stored).
 */
export function azureOnlyIssue(provider: string, fields: { tenantId?: string | null; subscriptionId?: string | null }): { field: string; message: string } | undefined {
  if (provider === 'AZURE') return undefined;
  const present = AZURE_ONLY_FIELDS.filter((f) => fields[f] !== undefined && fields[f] !== null);
  if (present.length === 0) return undefined;
  return { field: present[0], message: `applies only to AZURE keys, and this key's provider is ${provider}; remove ${present.join(' and ')} or use provider AZURE` };
}

export const CreateApiKeyRequest = z
  .strictObject({ workspaceId: Id, ...apiKeyFields })
  .superRefine((v, ctx) => {
    const issue = azureOnlyIssue(v.provider, v);
    if (issue) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  })
  // The same rule for OpenAPI: provider AZURE, or neither field.
  .meta({ anyOf: [{ properties: { provider: { enum: ['AZURE'] } }, required: ['provider'] }, { not: { anyOf: AZURE_ONLY_FIELDS.map((f) => ({ required: [f] })) } }] });
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequest>;
export const CreateApiKeyResponse = SuccessBody.extend({ apiKeyId: Id });

/** `workspaceId` is absent on purpose: a key never moves between workspaces. */
export const UpdateApiKeyRequest = z.strictObject({
  key: apiKeyFields.key.optional(),
  secret: apiKeyFields.secret.optional(),
  provider: apiKeyFields.provider.optional(),
  endpoint: apiKeyFields.endpoint.nullable(),
  region: apiKeyFields.region.nullable(),
  description: apiKeyFields.description.nullable(),
  tenantId: apiKeyFields.tenantId.nullable(),
  subscriptionId: apiKeyFields.subscriptionId.nullable(),
});
export type UpdateApiKeyRequest = z.infer<typeof UpdateApiKeyRequest>;
export const UpdateApiKeyResponse = SuccessBody;
export const DeleteApiKeyResponse = SuccessBody;

const PROVIDER_RULE = '`provider` must be a type `GET /providers` lists (the emulator states its list as the `enum`)';
const AZURE_RULE = '`tenantId` and `subscriptionId` only on `AZURE` keys (on update: the key as it will be, sent fields over stored ones)';

export const apiKeys = collection({
  one: 'ApiKey',
  many: 'ApiKeys',
  what: 'provider API key',
  list: route({ method: 'GET', path: '/apikeys', summary: 'List provider API keys with their usage counts', query: ListApiKeysQuery, response: ListApiKeysResponse, access: 'read', rules: [RULES.read, PROVIDER_RULE] }),
  create: route({ method: 'POST', path: '/apikeys', summary: 'Create a provider API key', body: CreateApiKeyRequest, response: CreateApiKeyResponse, access: 'write', rules: [RULES.write, PROVIDER_RULE, AZURE_RULE] }),
  update: route({ method: 'PUT', path: '/apikeys/:id', summary: 'Update a provider API key; only the fields sent change (null clears an optional field)', body: UpdateApiKeyRequest, response: UpdateApiKeyResponse, access: 'write', rules: [RULES.found, RULES.write, PROVIDER_RULE, AZURE_RULE] }),
  delete: route({ method: 'DELETE', path: '/apikeys/:id', summary: 'Delete a provider API key; refused with 400 while buckets or AI models use it', response: DeleteApiKeyResponse, access: 'write', rules: [RULES.found, RULES.write, '400 while any bucket or AI model uses the key ("is in use by …", naming each)'] }),
});
