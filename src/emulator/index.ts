import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SecretBox, loadMasterKey, randomToken } from './crypto';
import { Statements, openDatabase } from './db';
import { FaultQueue, RequestStats } from './faults';
import { type EmulatorContext, ListCache } from './http';
import { type Seed, type Seeded, applySeed } from './seed';
import { buildServer } from './server';

export type { Seed, Seeded, SeededUser } from './seed';
export { DEFAULT_SEED, readSeedFile, parseSeed } from './seed';
export type { FaultRuleInput, StatsSnapshot } from './faults';
export { MASTER_KEY_ENV } from './crypto';

/** Environment variable with the faults token (see {@link EmulatorOptions.faultsToken}). */
export const FAULTS_TOKEN_ENV = 'FLASHBACK_EMULATOR_FAULTS_TOKEN';
export { PROVIDERS } from './providers';

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Holds the SQLite database and, unless a key is given, `master.key`. Created if missing. */
  dataDir: string;
  /** 32 bytes, raw or as base64/hex; else `FLASHBACK_EMULATOR_MASTER_KEY`; else `<dataDir>/master.key`. */
  masterKey?: Buffer | string;
  /** Applied idempotently at every start. Without one, an empty data dir gets {@link DEFAULT_SEED}. */
  seed?: Seed;
  /** Serves `/__emulator/faults` and `/__emulator/stats`; off by default. */
  enableFaults?: boolean;
  /**
   * The bearer token those routes need; else `FLASHBACK_EMULATOR_FAULTS_TOKEN`; else a random
   * one, in {@link RunningEmulator.faultsToken}.
   */
  faultsToken?: string;
  /** Default 1 MiB; larger bodies get 413. */
  bodyLimitBytes?: number;
  /** Buckets per organisation before `POST /bucket` answers 429. Default 1000. */
  bucketQuota?: number;
  /** Checks every 2xx body against the contract; a break answers 500. Default false. */
  validateResponses?: boolean;
  /** fastify request logging to stdout. Default false. */
  logger?: boolean;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  dataDir: string;
  seeded: Seeded;
  /** With faults enabled: the token of `/__emulator/faults` and `/__emulator/stats`. */
  faultsToken?: string;
  /** Stops accepting, finishes in-flight requests, closes the database. Idempotent. */
  close(): Promise<void>;
}

const KEY_CHECK = 'flashback-emulator key check';

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const { key, source } = loadMasterKey(options.dataDir, options.masterKey);
  const box = new SecretBox(key);
  const db = openDatabase(options.dataDir);
  try {
    const st = new Statements(db);
    const check = st.get("SELECT value FROM meta WHERE name = 'key_check'").get() as { value: Buffer } | undefined;
    if (!check) st.get("INSERT INTO meta (name, value) VALUES ('key_check', ?)").run(box.seal(KEY_CHECK, 'meta:key_check'));
    else {
      let opened = '';
      try {
        opened = box.open(check.value, 'meta:key_check');
      } catch {
        /* reported below */
      }
      if (opened !== KEY_CHECK) throw new Error(`The master key from ${source} does not open the secrets in ${options.dataDir}: that data dir was created with another key`);
    }
    const seeded = applySeed(db, st, box, options.seed);
    const faultsToken = options.enableFaults ? (options.faultsToken ?? process.env[FAULTS_TOKEN_ENV] ?? randomToken('fbe_faults')) : undefined;
    const ctx: EmulatorContext = {
      db,
      st,
      box,
      bucketQuota: options.bucketQuota ?? 1000,
      validateResponses: options.validateResponses ?? false,
      listCache: new ListCache(),
    };
    const app = buildServer(ctx, {
      bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024,
      logger: options.logger ?? false,
      faults: faultsToken === undefined ? undefined : { queue: new FaultQueue(), stats: new RequestStats(), token: faultsToken },
    });
    const host = options.host ?? '127.0.0.1';
    await app.listen({ port: options.port ?? 0, host });
    const port = (app.server.address() as AddressInfo).port;
    const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    let closing: Promise<void> | undefined;
    return {
      url: `http://${urlHost}:${port}`,
      port,
      dataDir: options.dataDir,
      seeded,
      ...(faultsToken === undefined ? {} : { faultsToken }),
      close: () =>
        (closing ??= (async () => {
          try {
            await app.close();
          } finally {
            db.close();
          }
        })()),
    };
  } catch (e) {
    if (db.open) db.close();
    throw e;
  }
}
