import type * as pulumi from '@pulumi/pulumi';
import { type StorageBucketInputs, type StorageBucketState, storageBucket } from '../core';
import { FlashbackResource, type PulumiArgs, type PulumiOutputs, flashbackKindOf, pulumiTypeToken } from './resource';
import { trackDependent } from './guard';

/** Inputs of {@link StorageBucket}; field docs are in schema.json (generated from the core model). */
export type StorageBucketArgs = PulumiArgs<StorageBucketInputs>;
/** Outputs of {@link StorageBucket}: the inputs as the API reports them, plus computed fields. */
export type StorageBucketOutputs = PulumiOutputs<StorageBucketState>;

// Declaration merging gives the class its typed outputs without class fields, which would
// overwrite the outputs Pulumi sets in the constructor.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface StorageBucket extends StorageBucketOutputs {}

/**
 * A storage bucket that uses a provider API key (`providerApiKeyId`, usually `key.id`).
 * Pointing it at another key is an in-place update, which is how a key is replaced without
 * downtime.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class StorageBucket extends FlashbackResource {
  static readonly __pulumiType = pulumiTypeToken(storageBucket);

  /** Takes over the existing storage bucket `id` (see `adoptId`) instead of creating one. */
  static adopt(name: string, id: pulumi.Input<string>, args: Omit<StorageBucketArgs, 'adoptId'>, opts?: pulumi.CustomResourceOptions): StorageBucket {
    return new StorageBucket(name, { ...args, adoptId: id }, opts);
  }

  static override isInstance(obj: unknown): obj is StorageBucket {
    return flashbackKindOf(obj) === storageBucket.pulumiName;
  }

  constructor(name: string, args: StorageBucketArgs, opts?: pulumi.CustomResourceOptions) {
    super(storageBucket, 'dependent', name, args, opts);
    trackDependent(this, 'storage_bucket', args.providerApiKeyId);
  }
}
