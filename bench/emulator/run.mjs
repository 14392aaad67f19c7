#!/usr/bin/env node
// Emulator benchmark (not a test). Needs a build: `npx tsc -p tsconfig.build.json`, then
// `node bench/emulator/run.mjs`. Starts the CLI from dist/ as a child process (so the load
// generator does not share its event loop), fills a workspace with 1,000 keys, and measures
// requests/s and p50/p99 latency on 127.0.0.1 with a fixed number of requests and bounded
// concurrency. Writes bench/results/emulator.json and bench/results/emulator.md.
//
// Besides wall-clock req/s, each scenario reports the emulator process's own CPU time per
// request (from /proc/<pid>/stat) and the capacity that implies for one core: on a shared,
// loaded machine that figure moves far less than wall time does. The target of issue #13
// (GET /apikeys over 1,000 keys at >= 1,000 req/s) is checked against both and reported.
//
//   --cli <path>    bench another build's dist/cli/main.js (e.g. the previous commit's), and
//   --out <name>    write bench/results/<name>.json/.md instead of emulator.*
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const argValue = (name) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const CLI = resolve(argValue('--cli') ?? join(ROOT, 'dist/cli/main.js'));
const OUT = argValue('--out') ?? 'emulator';
const TARGET_LIST_RPS = 1000;
const CLK_TCK = 100; // Linux USER_HZ
const RESULTS = join(ROOT, 'bench/results');
const TOKEN = 'bench-owner-token';

const SCENARIOS = [
  { name: 'GET /apikeys?workspaceId= (1,000 keys)', kind: 'list', requests: 1000, concurrency: 1 },
  { name: 'GET /apikeys?workspaceId= (1,000 keys)', kind: 'list', requests: 2000, concurrency: 8 },
  { name: 'GET /apikeys?workspaceId= after each write (1,000 keys)', kind: 'list-after-write', requests: 300, concurrency: 1 },
  { name: 'POST /apikeys', kind: 'create', requests: 500, concurrency: 1 },
  { name: 'POST /apikeys', kind: 'create', requests: 2000, concurrency: 8 },
];

if (!existsSync(CLI)) {
  console.error(`${CLI} is missing: run \`npx tsc -p tsconfig.build.json\` first`);
  process.exit(1);
}

const dataDir = mkdtempSync(join(os.tmpdir(), 'fbe-bench-'));
const seedFile = join(dataDir, 'seed.json');
const readyFile = join(dataDir, 'ready.json');
writeFileSync(
  seedFile,
  JSON.stringify({
    org: { name: 'bench' },
    workspaces: [{ name: 'listed' }, { name: 'written' }],
    users: [{ email: 'bench@bench.test', token: TOKEN, orgRole: 'OWNER' }],
  }),
);
const env = { ...process.env };
delete env.FLASHBACK_EMULATOR_MASTER_KEY;
// --faults serves the request stats read at the end (with the faults token from the ready file).
const child = spawn(process.execPath, [CLI, 'emulator', '--port', '0', '--data-dir', dataDir, '--seed', seedFile, '--ready-file', readyFile, '--faults'], {
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const cleanup = () => {
  if (child.exitCode === null) child.kill('SIGTERM');
};
process.on('exit', cleanup);

const deadline = Date.now() + 20_000;
while (!existsSync(readyFile)) {
  if (child.exitCode !== null || Date.now() > deadline) throw new Error('the emulator did not start');
  await new Promise((r) => setTimeout(r, 50));
}
const ready = JSON.parse(readFileSync(readyFile, 'utf8'));
const { port } = ready;
const ws = Object.fromEntries(ready.seeded.workspaces.map((w) => [w.name, w.id]));

function request(agent, method, path, body) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { authorization: `Bearer ${TOKEN}`, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        let bytes = 0;
        res.on('data', (c) => (bytes += c.length));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          if (res.statusCode !== 200) reject(new Error(`${method} ${path} answered ${res.statusCode}`));
          else resolvePromise({ ms, bytes });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

let serial = 0;
const keyBody = (workspaceId) => ({
  workspaceId,
  key: `AKIA${String(++serial).padStart(12, '0')}`,
  secret: `bench-secret-${serial}-${'s'.repeat(24)}`,
  provider: serial % 5 === 0 ? 'OPENAI' : 'AWS',
  region: 'us-east-1',
  description: `bench key ${serial}`,
});

/** CPU seconds (user + system) the emulator process has used so far. */
function emulatorCpuSeconds() {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime
}

/** `requests` requests, at most `concurrency` in flight, over keep-alive connections. */
async function run(requests, concurrency, make) {
  const cpuBefore = emulatorCpuSeconds();
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  let bytes = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next += 1;
        const r = await make(agent);
        latencies.push(r.ms);
        bytes += r.bytes;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = emulatorCpuSeconds() - cpuBefore;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
  return {
    requests,
    concurrency,
    seconds: +seconds.toFixed(3),
    requestsPerSecond: +(requests / seconds).toFixed(1),
    emulatorCpuMsPerRequest: +((cpuSeconds * 1000) / requests).toFixed(3),
    // What one core of the emulator serves when nothing else competes for it.
    requestsPerCpuSecond: cpuSeconds > 0 ? Math.round(requests / cpuSeconds) : null,
    p50Ms: +pct(50).toFixed(2),
    p99Ms: +pct(99).toFixed(2),
    maxMs: +latencies[latencies.length - 1].toFixed(2),
    meanResponseBytes: Math.round(bytes / requests),
  };
}

// Fill the listed workspace: 1,000 keys, 200 buckets and 100 AI models on some of them, so
// that the live bucket_count / aillm_count subqueries have rows to count.
const fill = new http.Agent({ keepAlive: true, maxSockets: 8 });
const keyIds = [];
for (let i = 0; i < 1000; i += 8) {
  const batch = await Promise.all(
    Array.from({ length: Math.min(8, 1000 - i) }, () =>
      new Promise((res, rej) => {
        const body = JSON.stringify(keyBody(ws.listed));
        const req = http.request(
          { host: '127.0.0.1', port, method: 'POST', path: '/apikeys', agent: fill, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } },
          (r) => {
            let s = '';
            r.on('data', (c) => (s += c));
            r.on('end', () => (r.statusCode === 200 ? res(JSON.parse(s).apiKeyId) : rej(new Error(s))));
          },
        );
        req.on('error', rej);
        req.end(body);
      }),
    ),
  );
  keyIds.push(...batch);
}
for (let i = 0; i < 200; i++) {
  await request(fill, 'POST', '/bucket', { workspaceId: ws.listed, name: `bench-bucket-${i}`, bucket: `b${i}`, storageType: 'S3', apiKeyUuid: keyIds[i * 5] });
}
for (let i = 0; i < 100; i++) {
  await request(fill, 'POST', '/ai/llm', { workspaceId: ws.listed, name: `bench-model-${i}`, aiType: 'OPENAI', apiKeyUuid: keyIds[i * 7 + 1] });
}
fill.destroy();

// warm-up
await run(50, 4, (agent) => request(agent, 'GET', `/apikeys?workspaceId=${ws.listed}`));
await run(50, 4, (agent) => request(agent, 'POST', '/apikeys', keyBody(ws.written)));

const results = [];
for (const s of SCENARIOS) {
  const list = (agent) => request(agent, 'GET', `/apikeys?workspaceId=${ws.listed}`);
  const make =
    s.kind === 'list'
      ? list
      : s.kind === 'list-after-write'
        ? // a write to another workspace first clears the cached answers: the list is built anew each time
          async (agent) => {
            await request(agent, 'POST', '/apikeys', keyBody(ws.written));
            return list(agent);
          }
        : (agent) => request(agent, 'POST', '/apikeys', keyBody(ws.written));
  const r = await run(s.requests, s.concurrency, make);
  results.push({ scenario: s.name, ...r });
  console.log(`${s.name} c=${s.concurrency}: ${r.requestsPerSecond} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, emulator ${r.emulatorCpuMsPerRequest} CPU ms/request (${r.requestsPerCpuSecond} req per CPU s)`);
}

const listRuns = results.filter((r) => r.scenario === SCENARIOS[0].name);
const target = {
  goal: `GET /apikeys over 1,000 keys at >= ${TARGET_LIST_RPS} req/s`,
  bestWallRequestsPerSecond: Math.max(...listRuns.map((r) => r.requestsPerSecond)),
  bestRequestsPerCpuSecond: Math.max(...listRuns.map((r) => r.requestsPerCpuSecond ?? 0)),
};
target.metOnWallClock = target.bestWallRequestsPerSecond >= TARGET_LIST_RPS;
target.metPerEmulatorCore = target.bestRequestsPerCpuSecond >= TARGET_LIST_RPS;
console.log(`target ${target.goal}: wall ${target.bestWallRequestsPerSecond} (${target.metOnWallClock ? 'met' : 'not met'}), per emulator core ${target.bestRequestsPerCpuSecond} (${target.metPerEmulatorCore ? 'met' : 'not met'})`);

const stats = await new Promise((res) => http.get({ host: '127.0.0.1', port, path: '/__emulator/stats', headers: { authorization: `Bearer ${ready.faultsToken}` } }, (r) => {
  let s = '';
  r.on('data', (c) => (s += c));
  r.on('end', () => res(JSON.parse(s)));
}));

child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });

const environment = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  loadAverageAtEnd: os.loadavg().map((l) => +l.toFixed(2)),
  cli: CLI,
  storage: 'SQLite WAL, synchronous=FULL (an fsync per write), data dir in the OS temp dir',
  transport: 'HTTP/1.1 keep-alive on 127.0.0.1; load generator in a separate process',
};
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, `${OUT}.json`), `${JSON.stringify({ environment, target, results, serverRequestCounts: stats.requests }, null, 2)}\n`);
const md = [
  '# Emulator benchmark',
  '',
  `${environment.date}, Node ${environment.node}, ${environment.cores} × ${environment.cpu}, ${environment.platform}.`,
  `${environment.storage}; ${environment.transport}. Produced by \`node bench/emulator/run.mjs\` after a build.`,
  `Load average at the end: ${environment.loadAverageAtEnd.join(', ')} (other work shares the two cores).`,
  '',
  '| scenario | concurrency | requests | req/s | p50 ms | p99 ms | max ms | emulator CPU ms/req | req per emulator CPU s | response bytes |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map(
    (r) =>
      `| ${r.scenario} | ${r.concurrency} | ${r.requests} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} | ${r.emulatorCpuMsPerRequest} | ${r.requestsPerCpuSecond ?? '-'} | ${r.meanResponseBytes} |`,
  ),
  '',
  `Target (issue #13): ${target.goal}. Best wall clock ${target.bestWallRequestsPerSecond} req/s (${target.metOnWallClock ? 'met' : 'not met'}); per emulator core ${target.bestRequestsPerCpuSecond} req/s (${target.metPerEmulatorCore ? 'met' : 'not met'}).`,
  '',
  'The listed workspace holds 1,000 keys, 200 buckets and 100 AI models referencing some of them;',
  'bucket_count and aillm_count are columns kept by triggers; a list answer is serialized once and served',
  'from memory until the next write (the "after each write" row measures the rebuild). POSTs go to a second',
  'workspace, so the listed one stays at 1,000 keys. Every POST is fsynced before it is answered.',
  '',
];
writeFileSync(join(RESULTS, `${OUT}.md`), md.join('\n'));
console.log(`wrote ${join(RESULTS, `${OUT}.json`)} and ${OUT}.md`);
