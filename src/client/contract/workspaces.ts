import { z } from 'zod';
import { Id, SuccessBody } from './common';

export const WorkspaceRole = z.enum(['READ', 'WRITE', 'ADMIN']);
export type WorkspaceRole = z.infer<typeof WorkspaceRole>;
export const OrgRole = z.enum(['OWNER', 'ADMINISTRATOR', 'MEMBER']);
export type OrgRole = z.infer<typeof OrgRole>;

export const WorkspaceMember = z.object({
  userId: Id,
  email: z.string().nullish(),
  role: WorkspaceRole,
});

export const Workspace = z.object({
  id: Id,
  name: z.string(),
  orgId: Id,
  members: z.array(WorkspaceMember),
  /**
   * The caller's own effective role here (its member role; ADMIN for an organisation OWNER or
   * ADMINISTRATOR), so a client can tell before writing whether it may. Optional: a server that
   * does not send it leaves the client unable to check, never refused.
   */
  role: WorkspaceRole.optional(),
});
export type Workspace = z.infer<typeof Workspace>;

export const ListWorkspacesResponse = SuccessBody.extend({ workspaces: z.array(Workspace) });
