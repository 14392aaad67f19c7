import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_CONSUMERS, recountUsage, usageTriggers } from './consumers';

export const DB_FILE = 'flashback-emulator.sqlite';
/** 2: usage counts kept in `api_keys` by triggers (1 counted them at every list). */
const SCHEMA_VERSION = 2;

/**
 * Schema. Secrets are BLOB columns holding AES-256-GCM sealed values (see crypto.ts); tokens
 * are stored as SHA-256 hashes for lookup plus a sealed copy so that the emulator can print
 * the seeded tokens again after a restart.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS orgs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS workspaces (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (org_id, name)
);
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  email TEXT NOT NULL UNIQUE,
  org_role TEXT NOT NULL CHECK (org_role IN ('OWNER', 'ADMINISTRATOR', 'MEMBER')),
  password_hash TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
  hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
  seeded INTEGER NOT NULL DEFAULT 0,
  sealed BLOB,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tokens_user ON tokens(user_id, kind, seeded);
CREATE TABLE IF NOT EXISTS workspace_members (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('READ', 'WRITE', 'ADMIN')),
  PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX IF NOT EXISTS workspace_members_user ON workspace_members(user_id);
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  key TEXT NOT NULL,
  secret_sealed BLOB NOT NULL,
  provider TEXT NOT NULL,
  endpoint TEXT,
  region TEXT,
  description TEXT,
  tenant_id TEXT,
  subscription_id TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  bucket_count INTEGER NOT NULL DEFAULT 0,
  aillm_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS api_keys_workspace ON api_keys(workspace_id, deleted);
CREATE TABLE IF NOT EXISTS buckets (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  name TEXT NOT NULL,
  bucket TEXT NOT NULL,
  storage_type TEXT NOT NULL,
  region TEXT,
  endpoint TEXT,
  api_key_id TEXT REFERENCES api_keys(id),
  key TEXT,
  secret_sealed BLOB,
  status TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_status_at TEXT,
  deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS buckets_workspace ON buckets(workspace_id, deleted);
CREATE INDEX IF NOT EXISTS buckets_api_key ON buckets(api_key_id, deleted);
CREATE INDEX IF NOT EXISTS buckets_org_name ON buckets(org_id, name, deleted);
CREATE TABLE IF NOT EXISTS ai_llms (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  ai_type TEXT NOT NULL,
  endpoint TEXT,
  api_key_id TEXT REFERENCES api_keys(id),
  key_sealed BLOB,
  key_masked TEXT,
  secret_sealed BLOB,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ai_llms_workspace ON ai_llms(workspace_id);
CREATE INDEX IF NOT EXISTS ai_llms_api_key ON ai_llms(api_key_id);
-- The collections served from documents (collections.ts): the shared columns, the rest as JSON.
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY,
  collection TEXT NOT NULL,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  name TEXT,
  api_key_id TEXT REFERENCES api_keys(id),
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_workspace ON documents(collection, workspace_id);
CREATE INDEX IF NOT EXISTS documents_api_key ON documents(api_key_id);
`;

export type Db = Database.Database;

/**
 * Opens (creating if needed) the emulator database in `dataDir`. WAL journal with
 * `synchronous=FULL`: every commit is fsynced before better-sqlite3 returns, and the
 * emulator answers only after the commit, so an acknowledged write survives `kill -9`
 * (and a power cut).
 */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DB_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  const version = db.pragma('user_version', { simple: true });
  if (version === 1) migrateFrom1(db);
  else if (version === 0) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  else if (version !== SCHEMA_VERSION) {
    db.close();
    throw new Error(`${join(dataDir, DB_FILE)} has schema version ${String(version)}; this emulator reads version ${SCHEMA_VERSION}. Use a fresh --data-dir.`);
  }
  db.exec(KEY_CONSUMERS.map(usageTriggers).join('\n'));
  return db;
}

/** Version 1 counted usage at every list; version 2 keeps the counts in columns. */
function migrateFrom1(db: Db): void {
  db.transaction(() => {
    const columns = new Set((db.pragma('table_info(api_keys)') as { name: string }[]).map((c) => c.name));
    for (const c of KEY_CONSUMERS) {
      if (!columns.has(c.countField)) db.exec(`ALTER TABLE api_keys ADD COLUMN ${c.countField} INTEGER NOT NULL DEFAULT 0`);
      db.exec(recountUsage(c));
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

/** Prepared statements cached by SQL text. */
export class Statements {
  private readonly cache = new Map<string, Database.Statement>();
  constructor(readonly db: Db) {}

  get(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }
}

export const nowIso = (): string => new Date().toISOString();
