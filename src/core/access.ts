/**
 * Whether the caller may write in a workspace, decided from `GET /workspace` before anything is
 * applied, so a plan that would meet the API's 403 says so at plan time instead.
 */
import type { Workspace, WorkspaceRole } from '../client/contract';

/** Roles that may create, update and delete. */
export const WRITING_ROLES: readonly WorkspaceRole[] = ['WRITE', 'ADMIN'];

/**
 * Why the caller cannot write in `workspaceId`, or undefined when it can or when the answer does
 * not say (a server that sends no caller role is never refused here: the API still decides).
 * `action` reads after "cannot": "create the provider API key".
 */
export function writeRefusal(workspaces: readonly Workspace[], workspaceId: string, action: string): string | undefined {
  const workspace = workspaces.find((w) => w.id === workspaceId);
  const needed = `${WRITING_ROLES.join(' or ')} is needed`;
  if (workspace === undefined) {
    return `This token cannot ${action}: workspace ${workspaceId} is not one it can see (it has no role there; ${needed}). Check workspace_id, or ask a workspace ADMIN to add the token's user with the WRITE role.`;
  }
  if (workspace.role === undefined || WRITING_ROLES.includes(workspace.role)) return undefined;
  return `This token cannot ${action}: its role in workspace "${workspace.name}" (${workspace.id}) is ${workspace.role}, and ${needed} to create, update or delete there. Ask a workspace ADMIN for the WRITE role, or use a token that has it.`;
}
