export * from './model';
export * from './usage';
export * from './checks';
export * from './access';
export * from './provider-settings';
export { providerApiKey, type ProviderApiKeyInputs, type ProviderApiKeyState } from './resources/provider-api-key';
export { storageBucket, type StorageBucketInputs, type StorageBucketState } from './resources/storage-bucket';
export { aiLlm, type AiLlmInputs, type AiLlmState } from './resources/ai-llm';

import { providerApiKey } from './resources/provider-api-key';
import { storageBucket } from './resources/storage-bucket';
import { aiLlm } from './resources/ai-llm';
import type { ResourceModel } from './model';

/** Every resource the package manages, in dependency order (keys first). */
export const resourceModels: readonly ResourceModel[] = [providerApiKey, storageBucket, aiLlm];
