import type { ResourceModel } from './model';
import { aiLlm } from './resources/ai-llm';
import type { KeyConsumer } from './resources/key-consumer';
import { storageBucket } from './resources/storage-bucket';

export * from './resources/storage-bucket';
export * from './resources/ai-llm';

type ConsumerModel = ResourceModel & { readonly consumer: KeyConsumer };
const isConsumer = (m: ResourceModel): m is ConsumerModel => m.consumer !== undefined;

/**
 * The models whose objects use provider API keys, in the order conflicts list them: the one
 * list to extend with a new key-consuming resource (`resourceModels` is the key plus these;
 * the Terraform provider serves one resource per entry, the schema, docs and bindings follow).
 * Each model's module is exported from here too, so that core's index needs no edit.
 */
export const keyConsumerModels: readonly ConsumerModel[] = ([storageBucket, aiLlm] as ResourceModel[]).filter(isConsumer);

/** How messages name a dependent of this kind. */
export const consumerLabel = (kind: string): string => keyConsumerModels.find((m) => m.kind === kind)?.consumer.label ?? kind.replace(/_/g, ' ');
