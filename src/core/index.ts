export * from './model';
export * from './usage';
export * from './checks';
export * from './create-resolution';
export { FileCreateJournal, type CreateJournal } from './create-journal';
export * from './access';
export * from './provider-settings';
export * from './workspace';
export * from './dependents-ledger';
export * from './plan-verdicts';
export * from './consumers';
export { KEY_REFERENCE, type KeyConsumer, type ConsumerRow } from './resources/key-consumer';
export { providerApiKey, type ProviderApiKeyInputs, type ProviderApiKeyState } from './resources/provider-api-key';

import { providerApiKey } from './resources/provider-api-key';
import { keyConsumerModels } from './consumers';
import type { ResourceModel } from './model';

/** Every resource the package manages, in dependency order (keys first, then what uses them). */
export const resourceModels: readonly ResourceModel[] = [providerApiKey, ...keyConsumerModels];
