#!/usr/bin/env node
import { Command } from 'commander';
import { type EmulatorCommandOptions, runEmulatorCommand } from '../emulator/cli';
import { runDemo } from './demo';
import { registerProviderCommands } from './provider/commands';

const program = new Command('flashback-iac').description('Flashback provider API keys, buckets and AI models as code');

program
  .command('emulator')
  .description('Run the local Flashback API emulator (SQLite in --data-dir, secrets encrypted at rest)')
  .option('-p, --port <port>', 'port to listen on (0 picks a free one)', '8080')
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('-d, --data-dir <dir>', 'where the database and master.key live', './.flashback')
  .option('--seed <file>', 'seed JSON: {org, workspaces, users}; applied idempotently at every start')
  .option('--faults', 'enable fault injection at /__emulator/faults')
  .option('--body-limit <bytes>', 'largest accepted request body (default 1048576)')
  .option('--bucket-quota <n>', 'buckets per organisation before POST /bucket answers 429 (default 1000)')
  .option('--ready-file <file>', 'write {url, port, pid, seeded} as JSON here once listening')
  .option('--log', 'log every request')
  .action(async (opts: EmulatorCommandOptions) => {
    await runEmulatorCommand(opts);
  });

program
  .command('demo')
  .description('Walk through a shared key, rotation and a deletion conflict against the embedded emulator')
  .action(async () => {
    await runDemo();
  });

registerProviderCommands(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
