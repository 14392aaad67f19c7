import { NotFoundError } from '../../client/errors';
import type { ObjectRef } from '../model';

/** Reads one object; a missing one is `undefined` (deleted outside IaC), not an error. */
export async function readOrUndefined<S>(load: () => Promise<S>): Promise<S | undefined> {
  try {
    return await load();
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}

/** After a write the object must be readable; if not, say so plainly instead of storing a half state. */
export function mustExist<S>(state: S | undefined, title: string, ref: ObjectRef): S {
  if (state === undefined) {
    throw new Error(`The ${title} ${ref.id} was written but cannot be read back from workspace ${ref.workspaceId}. It may have been deleted concurrently; run the operation again.`);
  }
  return state;
}

/** Deleting what is already gone is success. */
export async function ignoreNotFound(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
  }
}
