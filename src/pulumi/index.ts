/**
 * Flashback provider API keys, storage buckets and AI model configurations as Pulumi dynamic
 * resources. See ./README.md.
 */
export { ProviderApiKey, type ProviderApiKeyArgs, type ProviderApiKeyOutputs } from './provider-api-key';
export { StorageBucket, type StorageBucketArgs, type StorageBucketOutputs } from './storage-bucket';
export { AiLlm, type AiLlmArgs, type AiLlmOutputs } from './ai-llm';
export { getProviderApiKeys, getProviderApiKeysOutput, type GetProviderApiKeysArgs, type GetProviderApiKeysResult, type ProviderApiKeyUsage } from './get-provider-api-keys';
export { registerDeletionGuard, KEY_HOOK_NAME, DEPENDENT_HOOK_NAME } from './guard';
export { CONFIG_KEYS, ENV_KEYS } from './settings';
export { FlashbackResource, PULUMI_MODULE, pulumiTypeToken, type PulumiArgs, type PulumiOutputs } from './resource';
