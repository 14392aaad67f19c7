import type { FlashbackClient } from '../client';
import { ApiKeyInUseError } from '../client/errors';
import { consumerLabel, keyConsumerModels } from './consumers';
import type { ObjectRef } from './model';

/** Something that still uses a provider API key. */
export interface Dependent {
  /** The consuming model's kind (`storage_bucket`, `ai_llm`). */
  type: string;
  id: string;
  name: string;
  workspaceId: string;
}

/** Every live object of the key's workspace, of every consuming model, that points at the key. */
export async function findDependents(client: FlashbackClient, key: ObjectRef, signal?: AbortSignal): Promise<Dependent[]> {
  const lists = await Promise.all(keyConsumerModels.map(async (m) => ({ type: m.kind, rows: await m.consumer.listByWorkspace(client, key.workspaceId, signal) })));
  return lists.flatMap(({ type, rows }) => rows.filter((r) => r.keyId === key.id).map((r): Dependent => ({ type, id: r.id, name: r.name, workspaceId: r.workspaceId })));
}

/**
 * What the same plan or update already takes care of: dependents it deletes, and
 * dependents it re-points at another key. Those are not conflicts.
 */
export interface PlannedDependentChanges {
  deleting: ReadonlySet<string>;
  repointing: ReadonlySet<string>;
}

export function conflictingDependents(dependents: readonly Dependent[], planned: PlannedDependentChanges): Dependent[] {
  return dependents.filter((d) => !planned.deleting.has(d.id) && !planned.repointing.has(d.id));
}

export function describeDependent(d: Dependent): string {
  return `${consumerLabel(d.type)} "${d.name}" (id ${d.id}, workspace ${d.workspaceId})`;
}

export type KeyRemoval = 'delete' | 'replace';

/**
 * The one wording of a deletion conflict, used at plan time and at apply by every engine. It
 * stays engine-neutral: each front end adds how its engine orders a replacement.
 */
export function conflictMessage(key: ObjectRef, dependents: readonly Dependent[], removal: KeyRemoval, apiMessage?: string): string {
  const what = removal === 'replace' ? 'Replacing' : 'Deleting';
  if (dependents.length === 0) {
    return `${what} provider API key ${key.id} (workspace ${key.workspaceId}) was refused because the key is in use${apiMessage ? ` (the API said: ${apiMessage})` : ''}. Point the buckets and AI models that use it at another key, or delete them, then try again.`;
  }
  const list = dependents.map((d) => `  - ${describeDependent(d)}`).join('\n');
  const fix =
    removal === 'replace'
      ? 'Create the new key and point these at it before the old key is deleted, or delete them in the same change.'
      : 'Point these at another key (provider_api_key_id) or delete them in the same change, then delete the key.';
  return `${what} provider API key ${key.id} (workspace ${key.workspaceId}) would fail: ${dependents.length} resource${dependents.length === 1 ? '' : 's'} still use${dependents.length === 1 ? 's' : ''} it:\n${list}\n${fix}`;
}

/** The API refused to delete a key in use; carries the dependents it found. */
export class KeyInUseConflictError extends Error {
  override readonly name = 'KeyInUseConflictError';
  constructor(
    readonly key: ObjectRef,
    readonly dependents: readonly Dependent[],
    readonly removal: KeyRemoval = 'delete',
    apiMessage?: string,
  ) {
    super(conflictMessage(key, dependents, removal, apiMessage));
  }
}

/** Turns the API's bare "in use" refusal into a {@link KeyInUseConflictError} naming each dependent. */
export async function translateInUse(client: FlashbackClient, err: unknown, key: ObjectRef, signal?: AbortSignal): Promise<unknown> {
  if (!(err instanceof ApiKeyInUseError)) return err;
  client.invalidateCache();
  const dependents = await findDependents(client, key, signal).catch(() => []);
  return new KeyInUseConflictError(key, dependents, 'delete', err.serverMessage);
}
