import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { OrgRole, WorkspaceRole, formatZodIssues } from '../client/contract';
import { type SecretBox, hashPassword, randomToken, tokenHash } from './crypto';
import { type Db, type Statements, nowIso } from './db';

/**
 * The seed: one organisation, its workspaces and its users with their tokens and roles.
 * Applying a seed is idempotent: the same seed on the same data dir yields the same ids and
 * tokens (objects are matched by name, users by email; a token absent from the seed is
 * generated once and kept).
 */
export const SeedSchema = z.strictObject({
  org: z.strictObject({ name: z.string().min(1, 'must not be empty') }),
  workspaces: z
    .array(z.strictObject({ id: z.string().min(1).optional(), name: z.string().min(1, 'must not be empty') }))
    .min(1, 'needs at least one workspace'),
  users: z
    .array(
      z.strictObject({
        email: z.string().min(1, 'must not be empty'),
        token: z.string().min(8, 'must be at least 8 characters').optional(),
        refreshToken: z.string().min(8, 'must be at least 8 characters').optional(),
        /** Enables `POST /user/login` for this user. */
        password: z.string().min(1).optional(),
        orgRole: OrgRole,
        workspaces: z.record(z.string(), WorkspaceRole).optional(),
      }),
    )
    .min(1, 'needs at least one user'),
});
export type Seed = z.input<typeof SeedSchema>;

export interface SeededUser {
  id: string;
  email: string;
  orgRole: OrgRole;
  token: string;
  refreshToken: string;
  workspaces: Record<string, WorkspaceRole>;
}

export interface Seeded {
  orgId: string;
  orgName: string;
  workspaces: { id: string; name: string }[];
  users: SeededUser[];
}

export const DEFAULT_SEED: Seed = {
  org: { name: 'default' },
  workspaces: [{ name: 'default' }],
  users: [{ email: 'owner@flashback.local', orgRole: 'OWNER', workspaces: { default: 'ADMIN' } }],
};

export function parseSeed(value: unknown, source = 'seed'): z.output<typeof SeedSchema> {
  const r = SeedSchema.safeParse(value);
  if (!r.success) throw new Error(`Invalid ${source}: ${formatZodIssues(r.error)}`);
  const names = new Set(r.data.workspaces.map((w) => w.name));
  if (names.size !== r.data.workspaces.length) throw new Error(`Invalid ${source}: workspaces: names must be unique`);
  const emails = new Set(r.data.users.map((u) => u.email));
  if (emails.size !== r.data.users.length) throw new Error(`Invalid ${source}: users: emails must be unique`);
  r.data.users.forEach((u, i) => {
    for (const ws of Object.keys(u.workspaces ?? {})) {
      if (!names.has(ws)) throw new Error(`Invalid ${source}: users.${i}.workspaces.${ws}: no workspace named "${ws}" in the seed`);
    }
  });
  return r.data;
}

export function readSeedFile(path: string): z.output<typeof SeedSchema> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`Cannot read seed file ${path}: ${(e as Error).message}`, { cause: e });
  }
  return parseSeed(json, `seed file ${path}`);
}

interface IdRow { id: string }
interface TokenRow { hash: string; user_id: string; sealed: Buffer | null }

/**
 * Applies `seed` (or, when none is given and the database is empty, {@link DEFAULT_SEED}) in
 * one transaction and reports what the caller needs: ids and tokens.
 */
export function applySeed(db: Db, st: Statements, box: SecretBox, seed: Seed | undefined): Seeded {
  return db.transaction((): Seeded => {
    if (seed === undefined) {
      const first = st.get('SELECT id FROM orgs ORDER BY rowid LIMIT 1').get() as IdRow | undefined;
      if (first) return describeOrg(st, box, first.id, undefined);
    }
    const s = parseSeed(seed ?? DEFAULT_SEED);
    const now = nowIso();

    let org = st.get('SELECT id FROM orgs WHERE name = ?').get(s.org.name) as IdRow | undefined;
    if (!org) {
      org = { id: randomUUID() };
      st.get('INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)').run(org.id, s.org.name, now);
    }
    const orgId = org.id;

    const wsIds = new Map<string, string>();
    for (const w of s.workspaces) {
      const existing = st.get('SELECT id FROM workspaces WHERE org_id = ? AND name = ?').get(orgId, w.name) as IdRow | undefined;
      if (existing) {
        if (w.id && w.id !== existing.id) throw new Error(`Seed workspace "${w.name}" has id ${w.id} but this data dir already holds it as ${existing.id}`);
        wsIds.set(w.name, existing.id);
        continue;
      }
      const id = w.id ?? randomUUID();
      if (st.get('SELECT id FROM workspaces WHERE id = ?').get(id)) throw new Error(`Seed workspace id ${id} is already used by another workspace`);
      st.get('INSERT INTO workspaces (id, org_id, name, created_at) VALUES (?, ?, ?, ?)').run(id, orgId, w.name, now);
      wsIds.set(w.name, id);
    }

    for (const u of s.users) {
      let user = st.get('SELECT id, org_id FROM users WHERE email = ?').get(u.email) as { id: string; org_id: string } | undefined;
      if (user && user.org_id !== orgId) throw new Error(`Seed user ${u.email} belongs to another organisation in this data dir`);
      if (!user) {
        user = { id: randomUUID(), org_id: orgId };
        st.get('INSERT INTO users (id, org_id, email, org_role, created_at) VALUES (?, ?, ?, ?, ?)').run(user.id, orgId, u.email, u.orgRole, now);
      } else {
        st.get('UPDATE users SET org_role = ? WHERE id = ?').run(u.orgRole, user.id);
      }
      st.get('UPDATE users SET password_hash = ? WHERE id = ?').run(u.password ? hashPassword(u.password) : null, user.id);
      seedToken(st, box, user.id, 'access', u.token);
      seedToken(st, box, user.id, 'refresh', u.refreshToken);

      st.get('DELETE FROM workspace_members WHERE user_id = ?').run(user.id);
      for (const [wsName, role] of Object.entries(u.workspaces ?? {})) {
        st.get('INSERT INTO workspace_members (workspace_id, user_id, role) VALUES (?, ?, ?)').run(wsIds.get(wsName), user.id, role);
      }
    }
    return describeOrg(st, box, orgId, s.users.map((u) => u.email));
  })();
}

/** Makes `wanted` (or the kept one, or a new random one) the user's single seeded token of `kind`. */
function seedToken(st: Statements, box: SecretBox, userId: string, kind: 'access' | 'refresh', wanted: string | undefined): void {
  const current = st.get('SELECT hash, user_id, sealed FROM tokens WHERE user_id = ? AND kind = ? AND seeded = 1').all(userId, kind) as TokenRow[];
  if (wanted === undefined && current.length === 1) return;
  const token = wanted ?? randomToken(kind === 'access' ? 'fbe' : 'fbr');
  const hash = tokenHash(token);
  const clash = st.get('SELECT user_id, kind FROM tokens WHERE hash = ?').get(hash) as { user_id: string; kind: string } | undefined;
  if (clash && (clash.user_id !== userId || clash.kind !== kind)) throw new Error(`Seed ${kind} token of a user is already used by another user or as another kind of token`);
  for (const c of current) if (c.hash !== hash) st.get('DELETE FROM tokens WHERE hash = ?').run(c.hash);
  if (!clash) {
    st.get('INSERT INTO tokens (hash, user_id, kind, seeded, sealed, created_at) VALUES (?, ?, ?, 1, ?, ?)').run(hash, userId, kind, box.seal(token, `tokens:${hash}`), nowIso());
  }
}

function describeOrg(st: Statements, box: SecretBox, orgId: string, emails: string[] | undefined): Seeded {
  const org = st.get('SELECT id, name FROM orgs WHERE id = ?').get(orgId) as { id: string; name: string };
  const workspaces = st.get('SELECT id, name FROM workspaces WHERE org_id = ? ORDER BY rowid').all(orgId) as { id: string; name: string }[];
  const rows = st.get('SELECT id, email, org_role FROM users WHERE org_id = ? ORDER BY rowid').all(orgId) as { id: string; email: string; org_role: OrgRole }[];
  const users = rows
    .filter((r) => !emails || emails.includes(r.email))
    .map((r): SeededUser => {
      const reveal = (kind: string): string => {
        const t = st.get('SELECT hash, sealed FROM tokens WHERE user_id = ? AND kind = ? AND seeded = 1').get(r.id, kind) as TokenRow | undefined;
        return t?.sealed ? box.open(t.sealed, `tokens:${t.hash}`) : '';
      };
      const memberships = st
        .get('SELECT w.name AS name, m.role AS role FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id WHERE m.user_id = ? ORDER BY w.rowid')
        .all(r.id) as { name: string; role: WorkspaceRole }[];
      return {
        id: r.id,
        email: r.email,
        orgRole: r.org_role,
        token: reveal('access'),
        refreshToken: reveal('refresh'),
        workspaces: Object.fromEntries(memberships.map((m) => [m.name, m.role])),
      };
    });
  if (emails) users.sort((a, b) => emails.indexOf(a.email) - emails.indexOf(b.email));
  return { orgId: org.id, orgName: org.name, workspaces, users };
}
