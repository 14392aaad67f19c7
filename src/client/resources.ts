import { routes, type AiLlm, type ApiKey, type Bucket } from './contract';
import { resourceApiSpec, type ApiOf } from './resource-api';

/** The API collections that differ only in data: add one here and it gets list/get/create/update/delete. */
export const apiKeysSpec = resourceApiSpec({
  what: 'provider API key',
  list: routes.listApiKeys,
  create: routes.createApiKey,
  update: routes.updateApiKey,
  delete: routes.deleteApiKey,
  items: (res): ApiKey[] => res.apiKeys,
  createdId: (res) => res.apiKeyId,
});

export const bucketsSpec = resourceApiSpec({
  what: 'storage bucket',
  list: routes.listBuckets,
  create: routes.createBucket,
  update: routes.updateBucket,
  delete: routes.deleteBucket,
  items: (res): Bucket[] => res.buckets,
  createdId: (res) => res.bucketId,
});

export const aiLlmsSpec = resourceApiSpec({
  what: 'AI model configuration',
  list: routes.listAiLlms,
  create: routes.createAiLlm,
  update: routes.updateAiLlm,
  delete: routes.deleteAiLlm,
  items: (res): AiLlm[] => res.aiLlms,
  createdId: (res) => res.aiLlmId,
});

export type ApiKeysApi = ApiOf<typeof apiKeysSpec>;
export type BucketsApi = ApiOf<typeof bucketsSpec>;
export type AiLlmsApi = ApiOf<typeof aiLlmsSpec>;
