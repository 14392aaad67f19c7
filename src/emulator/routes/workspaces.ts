import type { FastifyInstance } from 'fastify';
import { type Workspace, type WorkspaceRole, routes } from '../../client/contract';
import { visibleWorkspaceIds } from '../access';
import { type EmulatorContext, ok, serve } from '../http';
import { PROVIDERS } from '../providers';

/** `GET /workspace` (the caller's visible workspaces with their members) and `GET /providers`. */
export function registerWorkspaceRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { st } = ctx;

  serve(app, ctx, routes.listWorkspaces, ({ principal }) => {
    const ids = visibleWorkspaceIds(st, principal);
    const rows = st
      .get('SELECT id, name, org_id FROM workspaces WHERE id IN (SELECT value FROM json_each(?)) ORDER BY rowid')
      .all(JSON.stringify(ids)) as { id: string; name: string; org_id: string }[];
    const members = st
      .get(
        `SELECT m.workspace_id, m.user_id, u.email, m.role FROM workspace_members m JOIN users u ON u.id = m.user_id
         WHERE m.workspace_id IN (SELECT value FROM json_each(?)) ORDER BY u.rowid`,
      )
      .all(JSON.stringify(ids)) as { workspace_id: string; user_id: string; email: string; role: WorkspaceRole }[];
    const workspaces: Workspace[] = rows.map((w) => ({
      id: w.id,
      name: w.name,
      orgId: w.org_id,
      members: members.filter((m) => m.workspace_id === w.id).map((m) => ({ userId: m.user_id, email: m.email, role: m.role })),
      role: principal.orgRole === 'OWNER' || principal.orgRole === 'ADMINISTRATOR' ? 'ADMIN' : principal.roles.get(w.id),
    }));
    return ok<typeof routes.listWorkspaces>({ success: true, workspaces });
  });

  serve(app, ctx, routes.listProviders, () => ok<typeof routes.listProviders>({ success: true, providers: [...PROVIDERS] }));
}
