/** A fresh Flashback API emulator in a temp dir, with a client for arranging and checking what tests do. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FlashbackClient } from '../../../src/client';
import { type RunningEmulator, startEmulator } from '../../../src/emulator';

export interface TestEmulator {
  emulator: RunningEmulator;
  url: string;
  token: string;
  /** With `faults`: the token the /__emulator routes require. */
  faultsToken?: string;
  workspaceId: string;
  /** A second workspace, for replacement by workspace change. */
  otherWorkspaceId: string;
  /** A client without list caching: sees every change. */
  client: FlashbackClient;
  /** Stack config for the Flashback Pulumi resources. */
  config: Record<string, string>;
  close(): Promise<void>;
}

export async function startTestEmulator(opts: { faults?: boolean } = {}): Promise<TestEmulator> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flashback-pulumi-emu-'));
  const emulator = await startEmulator({
    port: 0,
    dataDir,
    masterKey: Buffer.alloc(32, 7),
    seed: {
      org: { name: 'acme' },
      workspaces: [{ name: 'main' }, { name: 'other' }],
      users: [{ email: 'owner@acme.test', orgRole: 'OWNER', workspaces: { main: 'ADMIN', other: 'ADMIN' } }],
    },
    validateResponses: true,
    enableFaults: opts.faults === true,
  });
  const token = emulator.seeded.users[0].token;
  const workspaceId = emulator.seeded.workspaces.find((w) => w.name === 'main')!.id;
  const otherWorkspaceId = emulator.seeded.workspaces.find((w) => w.name === 'other')!.id;
  return {
    emulator,
    url: emulator.url,
    token,
    faultsToken: emulator.faultsToken,
    workspaceId,
    otherWorkspaceId,
    client: new FlashbackClient({ apiUrl: emulator.url, token, env: {} }),
    config: { 'flashback:apiUrl': emulator.url, 'flashback:token': token, 'flashback:workspaceId': workspaceId },
    close: async () => {
      await emulator.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
