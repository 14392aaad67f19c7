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
});
export type Workspace = z.infer<typeof Workspace>;

export const ListWorkspacesResponse = SuccessBody.extend({ workspaces: z.array(Workspace) });
