/**
 * Flashback provider API keys, storage buckets and AI model configurations as Pulumi dynamic
 * resources. See ./README.md.
 */
export {
  ProviderApiKey,
  StorageBucket,
  AiLlm,
  type ProviderApiKeyArgs,
  type ProviderApiKeyOutputs,
  type StorageBucketArgs,
  type StorageBucketOutputs,
  type AiLlmArgs,
  type AiLlmOutputs,
} from './resources';
export { getProviderApiKeys, getProviderApiKeysOutput, type GetProviderApiKeysArgs, type GetProviderApiKeysResult, type ProviderApiKeyUsage } from './get-provider-api-keys';
export { registerDeletionGuard, KEY_HOOK_NAME, DEPENDENT_HOOK_NAME } from './guard';
export { CONFIG_KEYS, ENV_KEYS } from './settings';
export { FlashbackResource, PULUMI_MODULE, pulumiTypeToken, type FlashbackResourceClass, type PulumiArgs, type PulumiOutputs } from './resource';

import { registerWhenLoadedInRun } from './guard';
// Loaded inside a program run: register the guard's hooks now, for a program with no Flashback resource left.
registerWhenLoadedInRun();
