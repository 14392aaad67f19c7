import type { OrgRole, WorkspaceRole } from '../client/contract';
import { tokenHash } from './crypto';
import type { Statements } from './db';

/** The authenticated caller of one request. */
export interface Principal {
  userId: string;
  email: string;
  orgId: string;
  orgRole: OrgRole;
  /** Explicit workspace roles; org OWNER and ADMINISTRATOR need none to see everything. */
  roles: ReadonlyMap<string, WorkspaceRole>;
}

/** What a caller may do in one workspace. */
export type Access = 'none' | 'read' | 'write';

export interface WorkspaceRow {
  id: string;
  org_id: string;
  name: string;
}

/** The caller behind `Authorization: Bearer <token>`, or undefined (401). */
export function authenticate(st: Statements, authorization: string | undefined): Principal | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) return undefined;
  const user = st
    .get("SELECT u.id, u.email, u.org_id, u.org_role FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND t.kind = 'access'")
    .get(tokenHash(m[1])) as { id: string; email: string; org_id: string; org_role: OrgRole } | undefined;
  if (!user) return undefined;
  const roles = st.get('SELECT workspace_id, role FROM workspace_members WHERE user_id = ?').all(user.id) as { workspace_id: string; role: WorkspaceRole }[];
  return { userId: user.id, email: user.email, orgId: user.org_id, orgRole: user.org_role, roles: new Map(roles.map((r) => [r.workspace_id, r.role])) };
}

const isOrgAdmin = (p: Principal): boolean => p.orgRole === 'OWNER' || p.orgRole === 'ADMINISTRATOR';

export function accessTo(p: Principal, ws: WorkspaceRow | undefined): Access {
  if (!ws || ws.org_id !== p.orgId) return 'none';
  if (isOrgAdmin(p)) return 'write';
  const role = p.roles.get(ws.id);
  if (!role) return 'none';
  return role === 'READ' ? 'read' : 'write';
}

export function findWorkspace(st: Statements, id: string): WorkspaceRow | undefined {
  return st.get('SELECT id, org_id, name FROM workspaces WHERE id = ?').get(id) as WorkspaceRow | undefined;
}

/** Ids of every workspace the caller can list, in creation order. */
export function visibleWorkspaceIds(st: Statements, p: Principal): string[] {
  const all = st.get('SELECT id FROM workspaces WHERE org_id = ? ORDER BY rowid').all(p.orgId) as { id: string }[];
  return all.map((w) => w.id).filter((id) => isOrgAdmin(p) || p.roles.has(id));
}
