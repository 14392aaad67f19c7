/**
 * The API's workspace-scoped collections: the one list to extend with a new one. The client
 * serves each as `client.<name>`, the contract's `routes` and OpenAPI include its four routes,
 * and the emulator serves it (by hand where it has rules of its own, else from one generic
 * table: emulator/routes/documents.ts).
 */
import { aiLlms } from './ai-llms';
import { apiKeys } from './apikeys';
import { buckets } from './buckets';

export * from './apikeys';
export * from './buckets';
export * from './ai-llms';

export const collections = { apiKeys, buckets, aiLlms };
export type Collections = typeof collections;
export type CollectionName = keyof Collections;
