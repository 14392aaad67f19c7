import { AbortedError, NotFoundError, type RequestInfo } from './errors';
import type { Transport } from './http';

/** What each resource API needs from the client: the transport and the shared list cache. */
export interface ResourceApiContext {
  transport: Transport;
  /**
   * A list answer shared with other callers (when the client caches lists). `load` gets the
   * signal to send the request with; `signal` is this caller's own, and aborting it stops only
   * this caller's wait unless no one else waits for the same answer.
   */
  cachedList<T>(key: string, req: RequestInfo, load: (signal: AbortSignal | undefined) => Promise<T>, signal: AbortSignal | undefined): Promise<T>;
  /** Runs a write and drops cached lists, also when the write fails (it may have acted). */
  write<T>(run: () => Promise<T>): Promise<T>;
}

export const abortedError = (req: RequestInfo) => () => new AbortedError('the operation was cancelled', undefined, req);

export function findInList<T extends { id: string }>(items: T[], id: string, what: string, workspaceId: string, path: string): T {
  const found = items.find((i) => i.id === id);
  if (!found) throw new NotFoundError(`no ${what} with id ${id} in workspace ${workspaceId}`, 404, { method: 'GET', path });
  return found;
}
