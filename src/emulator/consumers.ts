/**
 * Every kind of object that can use a provider API key, declared once. Key deletion (the "in
 * use" refusal and its message), the usage counts of `GET /apikeys` and the triggers that keep
 * those counts iterate this list; a new consuming kind is one more entry here plus its table,
 * or nothing at all when it is served from the documents table.
 */
import { documentCollections } from './collections';

/** A kind of object that can use a key, as the key's deletion check finds it. */
export interface DependentKind {
  /** Its table: has `id`, `name`, `workspace_id` and `api_key_id` columns. */
  table: string;
  /** How a message names one: `bucket "logs" (id …, workspace …)`. */
  label: string;
  /** Deletion only flags the row (`deleted = 1`): a flagged row no longer uses its key. */
  softDelete: boolean;
  /** In the documents table: the collection its rows belong to. */
  collection?: string;
}

/** A dependent kind the key's answer counts. */
export interface KeyConsumer extends DependentKind {
  table: 'buckets' | 'ai_llms';
  /** The usage count `GET /apikeys` answers, and the `api_keys` column that keeps it. */
  countField: 'bucket_count' | 'aillm_count';
}

export const KEY_CONSUMERS: readonly KeyConsumer[] = [
  { table: 'buckets', label: 'bucket', countField: 'bucket_count', softDelete: true },
  { table: 'ai_llms', label: 'AI model', countField: 'aillm_count', softDelete: false },
];

/** Every kind whose objects block a key's deletion: the counted ones, then the documents' collections. */
export const KEY_DEPENDENT_KINDS: readonly DependentKind[] = [
  ...KEY_CONSUMERS,
  ...documentCollections.map((d): DependentKind => ({ table: 'documents', label: d.contract.what, softDelete: false, collection: d.name })),
];

/** SQL: `row` (NEW, OLD or a table alias) still uses its key. */
export const usesKey = (c: DependentKind, row: string): string =>
  `${row}.api_key_id IS NOT NULL${c.softDelete ? ` AND ${row}.deleted = 0` : ''}${c.collection === undefined ? '' : ` AND ${row}.collection = '${c.collection}'`}`;

/**
 * Triggers that keep `api_keys.<countField>` equal to the number of live rows pointing at the
 * key, in the same transaction as the write: listing keys reads a column instead of counting.
 */
export function usageTriggers(c: KeyConsumer): string {
  const add = (row: string, delta: string) => `UPDATE api_keys SET ${c.countField} = ${c.countField} ${delta} 1 WHERE id = ${row}.api_key_id AND ${usesKey(c, row)};`;
  const watched = c.softDelete ? 'api_key_id, deleted' : 'api_key_id';
  return `
CREATE TRIGGER IF NOT EXISTS ${c.table}_usage_insert AFTER INSERT ON ${c.table} BEGIN ${add('NEW', '+')} END;
CREATE TRIGGER IF NOT EXISTS ${c.table}_usage_update AFTER UPDATE OF ${watched} ON ${c.table} BEGIN ${add('OLD', '-')} ${add('NEW', '+')} END;
CREATE TRIGGER IF NOT EXISTS ${c.table}_usage_delete AFTER DELETE ON ${c.table} BEGIN ${add('OLD', '-')} END;
`;
}

/** Recounts every key's usage from the consumer tables (once, when an older database is opened). */
export const recountUsage = (c: KeyConsumer): string =>
  `UPDATE api_keys SET ${c.countField} = (SELECT COUNT(*) FROM ${c.table} r WHERE r.api_key_id = api_keys.id AND ${usesKey(c, 'r')});`;
