import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MASTER_KEY_ENV } from './crypto';
import { type RunningEmulator, startEmulator } from './index';
import { readSeedFile } from './seed';

export interface EmulatorCommandOptions {
  port: string;
  host: string;
  dataDir: string;
  seed?: string;
  faults?: boolean;
  bodyLimit?: string;
  bucketQuota?: string;
  readyFile?: string;
  log?: boolean;
}

function int(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
}

/**
 * `flashback-iac emulator`: starts the emulator, prints where it listens and the seeded
 * tokens, optionally writes them as JSON to `--ready-file`, and shuts down gracefully on
 * SIGTERM/SIGINT (a second signal exits at once).
 */
export async function runEmulatorCommand(opts: EmulatorCommandOptions): Promise<RunningEmulator> {
  const dataDir = resolve(opts.dataDir);
  const emulator = await startEmulator({
    port: int(opts.port, '--port'),
    host: opts.host,
    dataDir,
    seed: opts.seed ? readSeedFile(opts.seed) : undefined,
    enableFaults: opts.faults === true,
    bodyLimitBytes: int(opts.bodyLimit, '--body-limit'),
    bucketQuota: int(opts.bucketQuota, '--bucket-quota'),
    logger: opts.log === true,
  });
  const { seeded, url } = emulator;
  const lines = [
    `Flashback API emulator listening on ${url}`,
    `  data dir:   ${dataDir}${process.env[MASTER_KEY_ENV] ? ` (master key from ${MASTER_KEY_ENV})` : ''}`,
    `  openapi:    ${url}/openapi.json`,
    `  faults:     ${emulator.faultsToken ? `enabled (${url}/__emulator/faults and /__emulator/stats, Authorization: Bearer ${emulator.faultsToken})` : 'disabled (--faults enables them and the stats)'}`,
    `  org:        ${seeded.orgName} (${seeded.orgId})`,
    ...seeded.workspaces.map((w) => `  workspace:  ${w.name} (${w.id})`),
    ...seeded.users.map((u) => `  user:       ${u.email} ${u.orgRole} token=${u.token} refresh_token=${u.refreshToken}`),
    '',
    `export FLASHBACK_API_URL=${url}`,
    ...(seeded.users[0] ? [`export FLASHBACK_API_TOKEN=${seeded.users[0].token}`] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (opts.readyFile) {
    writeFileSync(opts.readyFile, `${JSON.stringify({ url, port: emulator.port, pid: process.pid, dataDir, seeded, ...(emulator.faultsToken ? { faultsToken: emulator.faultsToken } : {}) }, null, 2)}\n`, { mode: 0o600 });
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write(`Received ${signal}; shutting down the emulator\n`);
    emulator.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`Shutdown failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return emulator;
}
