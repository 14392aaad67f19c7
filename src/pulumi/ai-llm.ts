import type * as pulumi from '@pulumi/pulumi';
import { type AiLlmInputs, type AiLlmState, aiLlm } from '../core';
import { FlashbackResource, type PulumiArgs, type PulumiOutputs, flashbackKindOf, pulumiTypeToken } from './resource';
import { trackDependent } from './guard';

/** Inputs of {@link AiLlm}; field docs are in schema.json (generated from the core model). */
export type AiLlmArgs = PulumiArgs<AiLlmInputs>;
/** Outputs of {@link AiLlm}: the inputs as the API reports them, plus computed fields. */
export type AiLlmOutputs = PulumiOutputs<AiLlmState>;

// Declaration merging gives the class its typed outputs without class fields, which would
// overwrite the outputs Pulumi sets in the constructor.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface AiLlm extends AiLlmOutputs {}

/**
 * A AI model configuration that uses a provider API key (`providerApiKeyId`, usually `key.id`).
 * Pointing it at another key is an in-place update, which is how a key is replaced without
 * downtime.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class AiLlm extends FlashbackResource {
  static readonly __pulumiType = pulumiTypeToken(aiLlm);

  /** Takes over the existing AI model configuration `id` (see `adoptId`) instead of creating one. */
  static adopt(name: string, id: pulumi.Input<string>, args: Omit<AiLlmArgs, 'adoptId'>, opts?: pulumi.CustomResourceOptions): AiLlm {
    return new AiLlm(name, { ...args, adoptId: id }, opts);
  }

  static override isInstance(obj: unknown): obj is AiLlm {
    return flashbackKindOf(obj) === aiLlm.pulumiName;
  }

  constructor(name: string, args: AiLlmArgs, opts?: pulumi.CustomResourceOptions) {
    super(aiLlm, 'dependent', name, args, opts);
    trackDependent(this, 'ai_llm', args.providerApiKeyId);
  }
}
