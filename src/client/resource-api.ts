import { NotFoundError } from './errors';
import type { Transport } from './http';

/** What each resource API needs from the client: the transport and the shared list cache. */
export interface ResourceApiContext {
  transport: Transport;
  cachedList<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Runs a write and drops cached lists, also when the write fails (it may have acted). */
  write<T>(run: () => Promise<T>): Promise<T>;
}

export function findInList<T extends { id: string }>(items: T[], id: string, what: string, workspaceId: string, path: string): T {
  const found = items.find((i) => i.id === id);
  if (!found) throw new NotFoundError(`no ${what} with id ${id} in workspace ${workspaceId}`, 404, { method: 'GET', path });
  return found;
}
