#!/usr/bin/env node
// Terraform provider benchmark (not a test). Needs a build and the engines:
//   npx tsc -p tsconfig.build.json && bash scripts/engines.sh ensure
//   node bench/terraform/run.mjs [--engines terraform,tofu] [--keys 100] [--buckets-per-key 2]
//
// 1. Provider start to handshake: the shipped executable (bin/terraform-provider-flashback)
//    launched as go-plugin launches it (magic cookie, protocol 6, a client certificate, so
//    AutoMTLS with a fresh server certificate), timed from spawn to the handshake line on
//    stdout; 20 starts, median. `node -e ''` is timed the same way for scale.
// 2. Per engine, against the emulator (a separate process): `terraform apply` creating 100
//    keys and 200 buckets, `terraform plan` with nothing to change (refresh of 300 objects,
//    3 runs, median), `terraform destroy`; wall time and the API calls each made (emulator
//    request stats, reset before each command).
// Writes bench/results/terraform.json and bench/results/terraform.md.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, oursWorkload, pluginHostEnv, round, runEngineIn, startEmulatorProcess, terraformEnv, timeToFirstLine } from './support.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'dist/cli/main.js');
const PROVIDER = join(ROOT, 'bin/terraform-provider-flashback');
const ENGINES = join(ROOT, '.engines/bin');
const RESULTS = join(ROOT, 'bench/results');
const TOKEN = 'bench-terraform-owner-token';
const STARTS = 20;

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const KEYS = Number(arg('keys', '100'));
const BUCKETS_PER_KEY = Number(arg('buckets-per-key', '2'));
const engines = arg('engines', 'terraform,terraform-latest,tofu')
  .split(',')
  .filter((e) => existsSync(join(ENGINES, e)));

for (const f of [CLI, join(ROOT, 'dist/terraform/main.js')]) {
  if (!existsSync(f)) {
    console.error(`${f} is missing: run \`npx tsc -p tsconfig.build.json\` first`);
    process.exit(1);
  }
}
if (engines.length === 0) {
  console.error(`no engine in ${ENGINES}: run \`bash scripts/engines.sh ensure\` first`);
  process.exit(1);
}



// ---- 1. provider start → handshake ----

async function measureStarts(label, file, args, env) {
  await timeToFirstLine(file, args, env); // warm the file system cache
  const ms = [];
  for (let i = 0; i < STARTS; i++) ms.push((await timeToFirstLine(file, args, env)).ms);
  const sorted = [...ms].sort((a, b) => a - b);
  const r = { what: label, starts: STARTS, medianMs: round(median(ms), 1), minMs: round(sorted[0], 1), maxMs: round(sorted[sorted.length - 1], 1) };
  console.log(`${label}: median ${r.medianMs} ms (min ${r.minMs}, max ${r.maxMs}) over ${STARTS} starts`);
  return r;
}

const { autoMtls, plaintext } = pluginHostEnv(ROOT);
const handshake = [
  await measureStarts('provider start → handshake (AutoMTLS)', PROVIDER, [], autoMtls),
  await measureStarts('provider start → handshake (plaintext)', PROVIDER, [], plaintext),
  await measureStarts("node -e '' → first line (Node.js start, for scale)", process.execPath, ['-e', 'console.log(1)'], process.env),
];

// ---- 2. terraform against the emulator ----

const work = mkdtempSync(join(os.tmpdir(), 'fb-bench-tf-'));
const emu = await startEmulatorProcess({ cli: CLI, work, token: TOKEN, faults: true });
const { ready, workspaceId } = emu;
const emulatorCall = emu.call;

const config = `terraform {
  required_providers {
    flashback = { source = "flashback/flashback" }
  }
}
variable "secret" {
  type      = string
  sensitive = true
  ephemeral = true
}
provider "flashback" {}
${oursWorkload({ keys: KEYS, bucketsPerKey: BUCKETS_PER_KEY, keyPrefix: 'AKIABENCH', bucketPrefix: 'bench-${terraform.workspace}' })}`;

const runEngine = (engine, args, cwd, env) => runEngineIn(ENGINES, engine, args, cwd, env);

async function measured(engine, label, args, cwd, env) {
  await emulatorCall('POST', '/__emulator/stats/reset');
  const { seconds, out } = await runEngine(engine, args, cwd, env);
  const stats = await emulatorCall('GET', '/__emulator/stats');
  const summary = /(Apply complete!|Destroy complete!|Plan:|No changes)[^\n]*/.exec(out)?.[0] ?? '';
  const r = { engine, command: label, seconds: round(seconds, 2), apiCalls: stats.total, requests: stats.requests, summary };
  console.log(`${engine} ${label}: ${r.seconds} s, ${r.apiCalls} API calls (${Object.entries(stats.requests).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  return r;
}

const versions = {};
const runs = [];
for (const engine of engines) {
  const dir = join(work, engine);
  mkdirSync(dir);
  writeFileSync(join(dir, 'main.tf'), config.replace('${terraform.workspace}', engine));
  const env = terraformEnv({ dir, overrides: { 'flashback/flashback': join(ROOT, 'bin') }, url: ready.url, token: TOKEN, workspaceId });
  versions[engine] = /v?(\d+\.\d+\.\d+)/.exec((await runEngine(engine, ['version'], dir, env)).out)?.[1] ?? 'unknown';

  runs.push(await measured(engine, `apply (create ${KEYS} keys + ${KEYS * BUCKETS_PER_KEY} buckets)`, ['apply', '-auto-approve'], dir, env));
  const plans = [];
  for (let i = 0; i < 3; i++) plans.push(await measured(engine, 'plan (no changes)', ['plan', '-detailed-exitcode'], dir, env));
  const mid = [...plans].sort((a, b) => a.seconds - b.seconds)[1];
  runs.push({ ...mid, command: `plan, no changes (refresh of ${KEYS * (1 + BUCKETS_PER_KEY)}; median of 3: ${plans.map((p) => p.seconds).join(' / ')} s)` });
  runs.push(await measured(engine, `destroy (${KEYS * (1 + BUCKETS_PER_KEY)} objects)`, ['destroy', '-auto-approve'], dir, env));
}

await emu.stop();
rmSync(work, { recursive: true, force: true });

// ---- results ----

const environment = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  engines: versions,
  emulator: 'a separate process on 127.0.0.1, SQLite WAL with an fsync per write',
  parallelism: 'Terraform default (10)',
};
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'terraform.json'), `${JSON.stringify({ environment, handshake, runs }, null, 2)}\n`);

const callCell = (r) => `${r.apiCalls} (${Object.entries(r.requests).map(([k, v]) => `${k} ${v}`).join(', ')})`;
const md = [
  '# Terraform provider benchmark',
  '',
  `${environment.date}, Node ${environment.node}, ${environment.cores} × ${environment.cpu.split(' ').slice(0, 2).join(' ')}, ${environment.platform}.`,
  `Engines: ${Object.entries(versions).map(([e, v]) => `${e} ${v}`).join(', ')}. Produced by \`node bench/terraform/run.mjs\` after a build.`,
  '',
  '## Provider start to handshake',
  '',
  `The shipped executable launched as go-plugin launches it, timed from spawn to the handshake line; ${STARTS} starts after one warm-up.`,
  '',
  '| what | median ms | min ms | max ms |',
  '|---|---:|---:|---:|',
  ...handshake.map((h) => `| ${h.what} | ${h.medianMs} | ${h.minMs} | ${h.maxMs} |`),
  '',
  `## ${KEYS} keys with ${KEYS * BUCKETS_PER_KEY} buckets against the emulator`,
  '',
  'Wall time of the whole command (Terraform start, provider start and handshake, every RPC, the API) and the API requests it made, from the emulator\'s request stats.',
  '',
  '| engine | command | seconds | API calls |',
  '|---|---|---:|---|',
  ...runs.map((r) => `| ${r.engine} | ${r.command} | ${r.seconds} | ${callCell(r)} |`),
  '',
  'The API has no get-by-id: a read lists the workspace. A plan shares one list per workspace and',
  'type between all the reads it makes (in flight or answered), so it costs the same few calls',
  'whatever the number of resources. A create answers only the id, so its object is read back from a',
  'list; the read-backs of the creates that finish together share one (a list waits until no write',
  'has been in flight for 20 ms). A delete reads nothing back. The destroy plan lists buckets and AI',
  'models once for all keys. bench/terraform/versus-restapi.mjs compares with the generic REST provider.',
  '',
].join('\n');
writeFileSync(join(RESULTS, 'terraform.md'), md);
console.log(`wrote ${join('bench/results', 'terraform.json')} and terraform.md`);
