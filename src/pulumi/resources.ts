/**
 * The Pulumi classes of the Flashback resources. Each is its core model made into a class
 * (./resource.ts); field docs are in schema.json, generated from the same models. The package
 * exports everything here (index.ts): a new resource is one more block in this file.
 */
import { type AiLlmInputs, type AiLlmState, type ProviderApiKeyInputs, type ProviderApiKeyState, type StorageBucketInputs, type StorageBucketState, aiLlm, providerApiKey, storageBucket } from '../core';
import { type PulumiArgs, type PulumiOutputs, flashbackResourceClass, type FlashbackResource } from './resource';

/** Inputs of {@link ProviderApiKey}. */
export type ProviderApiKeyArgs = PulumiArgs<ProviderApiKeyInputs>;
/** Outputs of {@link ProviderApiKey}: the inputs as the API reports them, the secret, and usage counts. */
export type ProviderApiKeyOutputs = PulumiOutputs<ProviderApiKeyState & { secret?: string }>;
/**
 * A workspace-scoped cloud or AI credential that buckets and AI models reuse. `key` and
 * `secret` are Pulumi secrets. Changing `workspaceId` or `providerType` replaces it (Pulumi
 * creates the new key, re-points dependents that reference `key.id`, then deletes the old one);
 * anything else, including a new secret, is an in-place update with the same id.
 */
export const ProviderApiKey = flashbackResourceClass<ProviderApiKeyArgs, ProviderApiKeyOutputs>(providerApiKey);
export type ProviderApiKey = FlashbackResource & ProviderApiKeyOutputs;

/** Inputs of {@link StorageBucket}. */
export type StorageBucketArgs = PulumiArgs<StorageBucketInputs>;
/** Outputs of {@link StorageBucket}: the inputs as the API reports them, plus computed fields. */
export type StorageBucketOutputs = PulumiOutputs<StorageBucketState>;
/**
 * A storage bucket that uses a provider API key (`providerApiKeyId`, usually `key.id`).
 * Pointing it at another key is an in-place update, which is how a key is replaced without
 * downtime.
 */
export const StorageBucket = flashbackResourceClass<StorageBucketArgs, StorageBucketOutputs>(storageBucket);
export type StorageBucket = FlashbackResource & StorageBucketOutputs;

/** Inputs of {@link AiLlm}. */
export type AiLlmArgs = PulumiArgs<AiLlmInputs>;
/** Outputs of {@link AiLlm}: the inputs as the API reports them, plus computed fields. */
export type AiLlmOutputs = PulumiOutputs<AiLlmState>;
/**
 * An AI model configuration that uses a provider API key (`providerApiKeyId`). Pointing it at
 * another key is an in-place update.
 */
export const AiLlm = flashbackResourceClass<AiLlmArgs, AiLlmOutputs>(aiLlm);
export type AiLlm = FlashbackResource & AiLlmOutputs;
