import { type Principal, accessTo, findWorkspace } from '../access';
import type { Statements } from '../db';
import { fail } from '../http';

/**
 * The rule for writes to an existing object, in one place: an object in a workspace the caller
 * cannot see answers 404 like a missing one (ids of others are not revealed); read-only access
 * answers 403.
 */
export function writableRow<T extends { workspace_id: string }>(
  st: Statements,
  principal: Principal,
  found: T | undefined,
  notFoundMessage: string,
): { row: T } | { reply: ReturnType<typeof fail> } {
  const access = accessTo(principal, found && findWorkspace(st, found.workspace_id));
  if (!found || access === 'none') return { reply: fail(404, notFoundMessage) };
  if (access !== 'write') return { reply: fail(403, `No write access to workspace ${found.workspace_id}`) };
  return { row: found };
}

/**
 * The 403 of deleting an object a repository uses. Repositories are not emulated, so no object
 * is ever used by one; the rule keeps its place (and its wording) for when they are.
 */
export function repositoryRefusal(what: string, id: string): ReturnType<typeof fail> | undefined {
  const repos: string[] = [];
  return repos.length > 0 ? fail(403, `${what} ${id} is in use by ${repos.length} repository(ies): ${repos.join(', ')}. Remove it from them first.`) : undefined;
}
