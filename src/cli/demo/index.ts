import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '../../emulator';
import { apiWalkthrough } from './api';
import { pulumiWalkthrough } from './pulumi';
import { terraformWalkthrough } from './terraform';
import { type Out, findTool, stopTools } from './tools';

export interface DemoOptions {
  out?: Out;
  /** Paths of the engines, `false` to leave one out; found in .engines/bin or on PATH by default. */
  terraform?: string | false;
  pulumi?: string | false;
}

/**
 * The main job of `npm run demo`: the embedded emulator in a temporary folder, then the
 * Terraform example with the real `terraform` and, when the Pulumi CLI is there, the same
 * story with Pulumi. Everything is removed afterwards, also on Ctrl-C.
 */
export async function runDemo(opts: DemoOptions = {}): Promise<void> {
  const out = opts.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const terraform = opts.terraform === undefined ? findTool('terraform') : opts.terraform || undefined;
  const pulumiCli = opts.pulumi === undefined ? findTool('pulumi') : opts.pulumi || undefined;
  const pulumiPlugin = findTool('pulumi-resource-pulumi-nodejs');
  const dir = mkdtempSync(join(tmpdir(), 'flashback-demo-'));
  let emu: RunningEmulator | undefined;
  const cleanup = async () => {
    await emu?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  // The terminal's SIGINT reaches terraform too, which then fails the walkthrough at about the
  // same moment: once interrupted, the walkthrough's own ending waits for this one, so the exit
  // code is always 130 and the clean-up runs once.
  let interrupted: Promise<void> | undefined;
  // Kept for a second Ctrl-C during the clean-up too, which Node.js would otherwise answer by dying with the data left behind.
  const onSignal = () => {
    if (interrupted) return;
    out('\ninterrupted: stopping the emulator and removing its data');
    interrupted = stopTools()
      .then(cleanup)
      .finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    emu = await startEmulator({ port: 0, dataDir: join(dir, 'emulator') });
    const target = { url: emu.url, token: emu.seeded.users[0].token, workspaceId: emu.seeded.workspaces[0].id, dir };
    out(`Flashback API emulator on ${emu.url} (data in ${dir}, secrets encrypted at rest)`);

    if (terraform) await terraformWalkthrough(terraform, target, out);
    else {
      out('\nNo terraform on PATH or in .engines/bin (npm run engines provides one); showing the API walkthrough instead.');
      await apiWalkthrough(target, out);
    }
    if (pulumiCli && pulumiPlugin) await pulumiWalkthrough(pulumiCli, target, out);
    else out('\nPulumi CLI not found (npm run engines builds it): the Pulumi walkthrough is left out.');
  } finally {
    if (interrupted) await interrupted;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}
