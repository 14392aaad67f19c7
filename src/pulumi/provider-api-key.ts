import type * as pulumi from '@pulumi/pulumi';
import { type ProviderApiKeyInputs, type ProviderApiKeyState, providerApiKey } from '../core';
import { FlashbackResource, type PulumiArgs, type PulumiOutputs, flashbackKindOf, pulumiTypeToken } from './resource';
import { trackKey } from './guard';

/** Inputs of {@link ProviderApiKey}; field docs are in schema.json (generated from the core model). */
export type ProviderApiKeyArgs = PulumiArgs<ProviderApiKeyInputs>;
/** Outputs of {@link ProviderApiKey}: the inputs as the API reports them, the secret, and usage counts. */
export type ProviderApiKeyOutputs = PulumiOutputs<ProviderApiKeyState & { secret?: string }>;

// Declaration merging gives the class its typed outputs without class fields, which would
// overwrite the outputs Pulumi sets in the constructor.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ProviderApiKey extends ProviderApiKeyOutputs {}

/**
 * A workspace-scoped cloud or AI credential that buckets and AI models reuse. `key` and
 * `secret` are Pulumi secrets. Changing `workspaceId` or `providerType` replaces it (Pulumi
 * creates the new key, re-points dependents that reference `key.id`, then deletes the old one);
 * anything else, including a new secret, is an in-place update with the same id.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ProviderApiKey extends FlashbackResource {
  static readonly __pulumiType = pulumiTypeToken(providerApiKey);

  /** Takes over the existing key `id` (see `adoptId`) instead of creating one. */
  static adopt(name: string, id: pulumi.Input<string>, args: Omit<ProviderApiKeyArgs, 'adoptId'>, opts?: pulumi.CustomResourceOptions): ProviderApiKey {
    return new ProviderApiKey(name, { ...args, adoptId: id }, opts);
  }

  static override isInstance(obj: unknown): obj is ProviderApiKey {
    return flashbackKindOf(obj) === providerApiKey.pulumiName;
  }

  constructor(name: string, args: ProviderApiKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerApiKey, 'key', name, args, opts);
    trackKey(this);
  }
}
