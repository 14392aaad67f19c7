import { type Collection, type CollectionName, collections } from '../client/contract';

/**
 * The collections with rules of their own (sealed secrets, soft deletion, quotas, unique
 * names), served by hand in routes/<name>.ts. Every other collection of the contract is served
 * by routes/documents.ts from one table: a new collection with no rules beyond the shared ones
 * needs no emulator code.
 */
const HAND_SERVED: ReadonlySet<CollectionName> = new Set<CollectionName>(['apiKeys', 'buckets', 'aiLlms']);

export interface DocumentCollection {
  /** Its name in the contract's list, kept in the rows' `collection` column. */
  name: string;
  contract: Collection;
}

export const documentCollections: readonly DocumentCollection[] = Object.entries(collections)
  .filter(([name]) => !HAND_SERVED.has(name as CollectionName))
  .map(([name, contract]): DocumentCollection => ({ name, contract }));
