#!/usr/bin/env node
// This provider against its peer, the generic REST provider (Mastercard/restapi 1.20.0, what a
// Terraform user would otherwise pick for the Flashback API), on the same workloads against the
// same emulator (not a test). Needs a build, the engines and Go:
//   npx tsc -p tsconfig.build.json && bash scripts/engines.sh ensure
//   node bench/terraform/versus-restapi.mjs [--keys 100] [--buckets-per-key 2] [--reps 3]
//        [--engine terraform] [--max-load 2.5] [--load-wait-s 120] [--out terraform-vs-restapi]
//        [--providers ours,main,peer] [--main-root <another checkout, built>] [--node-flags '--max-semi-space-size=1']
//        [--parallelism 20] [--main-env 'FLASHBACK_IAC_JIT=on']
//
// - The peer is built from the Go module proxy through tools/engines/restapi/go.mod, into the
//   engines cache (${FLASHBACK_ENGINES_CACHE:-~/.cache/flashback-iac/engines}/restapi-1.20.0), once.
// - Each repetition runs apply (create keys and buckets), a no-change plan and destroy with
//   each provider, the two providers interleaved (ours first on odd repetitions, the peer
//   first on even ones) so that a change of machine load hits both alike.
// - Before each command the run waits (up to --load-wait-s) for the 1-minute load average to
//   drop under --max-load, and records the load it started at.
// - Per command: wall time; API calls from the emulator's request stats; the provider
//   processes' peak RSS (VmHWM, sampled from /proc every 20 ms; the largest of the instances
//   Terraform starts for the command).
// - Writes bench/results/<out>.json and .md: medians per provider and command, and the ratio
//   ours / peer.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMsOf, eachObject, median, oursWorkload, round, runEngineIn, startEmulatorProcess, terraformEnv } from './support.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'dist/cli/main.js');
const ENGINES = join(ROOT, '.engines/bin');
const RESULTS = join(ROOT, 'bench/results');
const TOKEN = 'bench-versus-owner-token';
const PEER_VERSION = '1.20.0';
const PEER_MODULE = 'github.com/Mastercard/terraform-provider-restapi';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const KEYS = Number(arg('keys', '100'));
const BUCKETS_PER_KEY = Number(arg('buckets-per-key', '2'));
const REPS = Number(arg('reps', '3'));
const ENGINE = arg('engine', 'terraform');
const MAX_LOAD = Number(arg('max-load', '2.5'));
const LOAD_WAIT_S = Number(arg('load-wait-s', '120'));
const OUT = arg('out', 'terraform-vs-restapi');
/** `count` (two counted resources per provider) or `blocks` (a block per object; see oursWorkload in support.mjs). */
const LAYOUT = arg('layout', 'count');
/** `ours` (this checkout), `peer` (restapi), `main`: this provider as built in --main-root (the code before a change, for old/new figures side by side). */
const PROVIDERS = arg('providers', 'ours,peer').split(',');
const MAIN_ROOT = resolve(arg('main-root', ROOT));
/** Extra Node.js flags for our provider (a launcher like bin/terraform-provider-flashback with them), to measure their effect. */
const NODE_FLAGS = arg('node-flags', '');
/** What our launcher runs: `script` (dist/terraform/main.js, as bin/ does), `bundle` (the bundle the single executable is made of), or `package`: the installed package itself (its launcher and single executable; --node-flags and --launch-env do not apply). */
const ENTRY = arg('entry', 'script');
/** Environment assignments for our launcher (`MALLOC_ARENA_MAX=2`), to measure their effect. */
const LAUNCH_ENV = arg('launch-env', '');
/**
 * Environment assignments for `main`'s launcher (`FLASHBACK_IAC_JIT=on`). With `--entry package`,
 * `main` is then this checkout's package run with them: one setting against the package as it is,
 * interleaved in one run.
 */
const MAIN_ENV = arg('main-env', '');
const OBJECTS = KEYS * (1 + BUCKETS_PER_KEY);
/** Which commands each cycle runs, in order (`apply` alone while iterating on memory). */
const COMMANDS = arg('commands', 'apply,plan,destroy').split(',');
/** Terraform's `-parallelism` for every command; unset: its default of 10. */
const PARALLELISM = arg('parallelism', undefined);

for (const f of [CLI, join(ROOT, 'dist/terraform/main.js'), join(ENGINES, ENGINE)]) {
  if (!existsSync(f)) {
    console.error(`${f} is missing: run \`npx tsc -p tsconfig.build.json\` and \`bash scripts/engines.sh ensure\` first`);
    process.exit(1);
  }
}


// ---- the peer, built once from the Go module proxy ----

function buildPeer() {
  const cache = process.env.FLASHBACK_ENGINES_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(os.homedir(), '.cache'), 'flashback-iac/engines');
  const dir = join(cache, `restapi-${PEER_VERSION}`);
  const bin = join(dir, 'terraform-provider-restapi');
  const modDir = join(ROOT, 'tools/engines/restapi');
  const key = `${PEER_MODULE}@v${PEER_VERSION} ${readFileSync(join(modDir, 'go.sum'), 'utf8').length}`;
  const stamp = join(dir, '.stamp');
  if (existsSync(bin) && existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return dir;
  mkdirSync(dir, { recursive: true });
  const go = process.env.GO ?? 'go';
  console.log(`building the peer ${PEER_MODULE}@v${PEER_VERSION} into ${dir} ...`);
  execFileSync(go, ['build', '-mod=readonly', '-trimpath', '-ldflags=-s -w', '-o', `${bin}.tmp`, PEER_MODULE], {
    cwd: modDir,
    stdio: 'inherit',
    env: { ...process.env, GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? 'local', GOFLAGS: '-buildvcs=false' },
  });
  execFileSync('mv', ['-f', `${bin}.tmp`, bin]);
  writeFileSync(stamp, key);
  return dir;
}
const peerDir = PROVIDERS.includes('peer') ? buildPeer() : '/nonexistent';

// ---- the emulator, a separate process ----

const work = mkdtempSync(join(os.tmpdir(), 'fb-bench-vs-'));
/** A directory under the work folder with one sh `terraform-provider-flashback`: `export <env>` when given, then `exec <command> "$@"`. */
function launcherDir(name, env, command) {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'terraform-provider-flashback'), `#!/bin/sh\n${env ? `export ${env}\n` : ''}exec ${command} "$@"\n`, { mode: 0o755 });
  return dir;
}
/** A directory with a launcher like bin/terraform-provider-flashback for the provider built in `root`. */
function launcher(name, root, env = LAUNCH_ENV) {
  const entry = ENTRY === 'bundle' ? 'dist/provider/terraform-provider-flashback.cjs' : 'dist/terraform/main.js';
  return launcherDir(`launcher-${name}`, env, `node ${NODE_FLAGS} "${join(root, entry)}"`);
}
/** `main` as the installed package of `packageDir`, started with MAIN_ENV. */
const packageWithEnv = (packageDir) => launcherDir('package-main', MAIN_ENV, `"${join(packageDir, 'terraform-provider-flashback')}"`);
/** The package `provider install` installs (its sh launcher and the single executable beside it), built from this checkout. */
async function installedPackage() {
  const require = createRequire(import.meta.url);
  const { bundleProvider } = require(join(ROOT, 'dist/cli/provider/bundle.js'));
  const { buildExecutable } = require(join(ROOT, 'dist/cli/provider/executable.js'));
  const { LAUNCHER, NODE_PROGRAM } = require(join(ROOT, 'dist/cli/provider/package-contents.js'));
  const bundle = await bundleProvider(ROOT, join(work, 'bundle', 'terraform-provider-flashback.cjs'));
  const { path } = await buildExecutable({ bundle, cacheDir: join(ROOT, '.cache', 'provider-builds') });
  const dir = join(work, 'package-ours');
  mkdirSync(dir);
  writeFileSync(join(dir, 'terraform-provider-flashback'), LAUNCHER, { mode: 0o755 });
  copyFileSync(path, join(dir, NODE_PROGRAM));
  return dir;
}
const oursDir = ENTRY === 'package' ? await installedPackage() : NODE_FLAGS || LAUNCH_ENV || ENTRY !== 'script' ? launcher('ours', ROOT) : join(ROOT, 'bin');
const mainDir = !PROVIDERS.includes('main') ? '/nonexistent' : ENTRY === 'package' && MAIN_ENV ? packageWithEnv(oursDir) : launcher('main', MAIN_ROOT, MAIN_ENV || LAUNCH_ENV);
// The organisation's bucket quota (1,000 by default) answers 429 beyond it: room for one cycle's buckets, twice over,
// or for every cycle's when the commands leave them standing (no destroy).
const standingCycles = COMMANDS.includes('destroy') ? 1 : REPS * PROVIDERS.length;
const emu = await startEmulatorProcess({ cli: CLI, work, token: TOKEN, faults: true, extraArgs: ['--bucket-quota', String(Math.max(1000, 2 * standingCycles * KEYS * BUCKETS_PER_KEY))] });
const { ready, workspaceId } = emu;
const emulatorCall = emu.call;

// ---- the two configurations ----

const header = (provider) => `terraform {
  required_providers {
    ${provider === 'ours' ? 'flashback = { source = "flashback/flashback" }' : 'restapi = { source = "Mastercard/restapi" }'}
  }
}
variable "secret" {
  type      = string
  sensitive = true
  ephemeral = ${provider === 'ours'}
}
`;

const ours = (tag) => `${header('ours')}
provider "flashback" {}
${oursWorkload({ keys: KEYS, bucketsPerKey: BUCKETS_PER_KEY, keyPrefix: `AKIA${tag}`, bucketPrefix: tag, layout: LAYOUT })}`;

const peerKey = (tag, name, count, index) => `resource "restapi_object" "${name}" {
  ${count}path         = "/apikeys"
  read_path    = "/apikeys"
  id_attribute = "apiKeyId"
  read_search  = { search_key = "id", search_value = "{id}", results_key = "apiKeys", query_string = "workspaceId=${workspaceId}" }
  data = jsonencode({
    workspaceId = "${workspaceId}"
    provider    = "AWS"
    key         = "AKIA${tag}${index}"
    secret      = var.secret
    region      = "eu-west-1"
  })
}
`;
const peerBucket = (tag, name, count, keyRef, index) => `resource "restapi_object" "${name}" {
  ${count}path         = "/bucket"
  read_path    = "/bucket"
  id_attribute = "bucketId"
  read_search  = { search_key = "id", search_value = "{id}", results_key = "buckets", query_string = "workspaceId=${workspaceId}" }
  data = jsonencode({
    workspaceId = "${workspaceId}"
    apiKeyUuid  = ${keyRef}.id
    name        = "${tag}-${index}"
    bucket      = "bench-${index}"
    storageType = "S3"
  })
}
`;

// The peer as its documentation says to use it for an API like this one: the create answers
// the id (create_returns_object + id_attribute), and, with no get-by-id, a read searches the
// workspace's list (read_search).
const peer = (tag) => `${header('peer')}
provider "restapi" {
  uri                   = "${ready.url}"
  create_returns_object = true
  headers = {
    Authorization  = "Bearer ${TOKEN}"
    "Content-Type" = "application/json"
  }
}
${LAYOUT === 'count' ? `${peerKey(tag, 'k', `count        = ${KEYS}\n  `, '${count.index}')}${peerBucket(tag, 'b', `count        = ${KEYS * BUCKETS_PER_KEY}\n  `, `restapi_object.k[floor(count.index / ${BUCKETS_PER_KEY})]`, '${count.index}')}` : eachObject(KEYS, BUCKETS_PER_KEY, (k) => peerKey(tag, `k${k}`, '', k), (b, k) => peerBucket(tag, `b${b}`, '', `restapi_object.k${k}`, b))}`;

// ---- measuring one command ----

/** Peak RSS (KiB) of the provider processes among the descendants of `rootPid`, sampled until stopped. */
function sampleProviderMemory(rootPid, providerMatch) {
  let peakKiB = 0;
  let instances = 0;
  const seen = new Set();
  /** Last CPU ticks (user + system) seen per provider process. */
  const ticks = new Map();
  /** Peak RSS (KiB) per provider process, in start order. */
  const peaks = new Map();
  const read = (pid) => {
    try {
      return readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      return undefined;
    }
  };
  /** The engine's own CPU ms, last seen (it is gone once it has exited). */
  let engineCpuMs = 0;
  const tick = () => {
    engineCpuMs = cpuMsOf(rootPid) ?? engineCpuMs;
    const parents = new Map();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const status = read(name);
      if (!status) continue;
      const ppid = /PPid:\s+(\d+)/.exec(status)?.[1];
      parents.set(name, { ppid, status });
    }
    const isDescendant = (pid) => {
      for (let p = pid, depth = 0; p && depth < 10; depth++) {
        const e = parents.get(p);
        if (!e) return false;
        if (e.ppid === String(rootPid)) return true;
        p = e.ppid;
      }
      return false;
    };
    for (const [pid, { status }] of parents) {
      if (!isDescendant(pid)) continue;
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!providerMatch.test(cmd)) continue;
      if (!seen.has(pid)) {
        seen.add(pid);
        instances += 1;
      }
      const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      if (hwm > peakKiB) peakKiB = hwm;
      peaks.set(pid, hwm);
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks.set(pid, Number(f[11]) + Number(f[12]));
      } catch {
        /* exited meanwhile */
      }
    }
  };
  const timer = setInterval(tick, 20);
  return {
    stop() {
      clearInterval(timer);
      tick();
      // Clock ticks are 1/100 s on Linux.
      const cpuSeconds = round([...ticks.values()].reduce((a, b) => a + b, 0) / 100, 2);
      return { peakMiB: round(peakKiB / 1024, 1), instances, cpuSeconds, engineCpuSeconds: round(engineCpuMs / 1000, 2), instancePeaksMiB: [...peaks.values()].map((k) => round(k / 1024, 1)) };
    },
  };
}

async function waitForQuiet() {
  const until = Date.now() + LOAD_WAIT_S * 1000;
  while (os.loadavg()[0] >= MAX_LOAD && Date.now() < until) await new Promise((r) => setTimeout(r, 2000));
  return round(os.loadavg()[0], 2);
}

async function runEngine(args, cwd, env, providerMatch) {
  const okCodes = args.includes('-detailed-exitcode') ? [0, 2] : [0];
  const r = await runEngineIn(ENGINES, ENGINE, args, cwd, env, okCodes, providerMatch ? (child) => sampleProviderMemory(child.pid, providerMatch) : undefined);
  return { seconds: r.seconds, out: r.out, code: r.code, mem: r.watched };
}

const OUR_PROCESSES = /dist\/terraform\/main\.js|terraform-provider-flashback\.cjs|flashback-provider-node/;
const PROVIDER_MATCH = { ours: OUR_PROCESSES, main: OUR_PROCESSES, peer: /terraform-provider-restapi/ };

async function measured(provider, command, args, cwd, env) {
  const load = await waitForQuiet();
  await emulatorCall('POST', '/__emulator/stats/reset');
  const emulatorCpuBefore = cpuMsOf(emu.pid) ?? NaN;
  const { seconds, out, code, mem } = await runEngine(args, cwd, env, PROVIDER_MATCH[provider]);
  const emulatorCpuSeconds = round(((cpuMsOf(emu.pid) ?? NaN) - emulatorCpuBefore) / 1000, 2);
  const stats = await emulatorCall('GET', '/__emulator/stats');
  const r = { provider, command, seconds: round(seconds, 2), apiCalls: stats.total, requests: stats.requests, providerPeakMiB: mem?.peakMiB, instancePeaksMiB: mem?.instancePeaksMiB, providerInstances: mem?.instances, providerCpuSeconds: mem?.cpuSeconds, engineCpuSeconds: mem?.engineCpuSeconds, emulatorCpuSeconds, loadAtStart: load, exitCode: code };
  console.log(`${provider} ${command}: ${r.seconds} s, ${r.apiCalls} calls, provider peak ${r.providerPeakMiB} MiB (each instance: ${r.instancePeaksMiB?.join(', ')}), CPU s: provider ${r.providerCpuSeconds} (${r.providerInstances} instances), ${ENGINE} ${r.engineCpuSeconds}, emulator ${emulatorCpuSeconds}; load ${load}`);
  if (command === 'plan' && code !== 0) console.log(`  (plan reported changes: ${/Plan:[^\n]*/.exec(out)?.[0] ?? ''})`);
  return r;
}

const envFor = (dir, provider = 'ours') =>
  terraformEnv({ dir, overrides: { 'flashback/flashback': provider === 'main' ? mainDir : oursDir, 'mastercard/restapi': peerDir }, url: ready.url, token: TOKEN, workspaceId });

async function cycle(provider, rep) {
  const dir = join(work, `${provider}-${rep}`);
  mkdirSync(dir);
  const tag = `${provider[0].toUpperCase()}${rep}x`;
  writeFileSync(join(dir, 'main.tf'), provider === 'peer' ? peer(tag) : ours(tag));
  const env = envFor(dir, provider);
  const args = { apply: ['apply', '-auto-approve'], plan: ['plan', '-detailed-exitcode'], destroy: ['destroy', '-auto-approve'] };
  const parallelism = PARALLELISM === undefined ? [] : [`-parallelism=${PARALLELISM}`];
  const results = [];
  for (const command of COMMANDS) results.push(await measured(provider, command, [...args[command], ...parallelism], dir, env));
  return results;
}

const version = /v?(\d+\.\d+\.\d+)/.exec((await runEngine(['version'], work, envFor(work))).out)?.[1] ?? 'unknown';
const runs = [];
for (let rep = 1; rep <= REPS; rep++) {
  const order = (rep % 2 ? ['ours', 'main', 'peer'] : ['peer', 'main', 'ours']).filter((p) => PROVIDERS.includes(p));
  for (const p of order) runs.push(...(await cycle(p, rep)));
}

await emu.stop();
rmSync(work, { recursive: true, force: true });

// ---- results ----

const commands = COMMANDS;
const summary = commands.map((command) => {
  const of = (p) => runs.filter((r) => r.provider === p && r.command === command);
  const med = (xs) => round(median(xs), 2);
  const side = (p) => ({
    seconds: med(of(p).map((r) => r.seconds)),
    apiCalls: med(of(p).map((r) => r.apiCalls)),
    providerPeakMiB: med(of(p).map((r) => r.providerPeakMiB ?? 0)),
    providerCpuSeconds: med(of(p).map((r) => r.providerCpuSeconds ?? 0)),
    engineCpuSeconds: med(of(p).map((r) => r.engineCpuSeconds ?? 0)),
    emulatorCpuSeconds: med(of(p).map((r) => r.emulatorCpuSeconds ?? 0)),
    runs: of(p).map((r) => r.seconds),
  });
  const o = side('ours');
  const none = { seconds: NaN, apiCalls: NaN, providerPeakMiB: NaN, providerCpuSeconds: NaN, runs: [] };
  const p = PROVIDERS.includes('peer') ? side('peer') : none;
  const m = PROVIDERS.includes('main') ? side('main') : undefined;
  return {
    command,
    ours: o,
    peer: p,
    ...(m ? { main: m, mainTimeRatio: round(m.seconds / p.seconds, 2) } : {}),
    timeRatio: round(o.seconds / p.seconds, 2),
    callsPerObject: { ours: round(o.apiCalls / OBJECTS, 3), peer: round(p.apiCalls / OBJECTS, 3), ...(m ? { main: round(m.apiCalls / OBJECTS, 3) } : {}) },
    memoryRatio: p.providerPeakMiB ? round(o.providerPeakMiB / p.providerPeakMiB, 2) : undefined,
  };
});

const environment = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  engine: `${ENGINE} ${version}`,
  peer: `Mastercard/restapi ${PEER_VERSION} (built from the Go module proxy)`,
  workload: `${KEYS} keys + ${KEYS * BUCKETS_PER_KEY} buckets (${OBJECTS} objects), layout ${LAYOUT}`,
  repetitions: REPS,
  nodeFlags: NODE_FLAGS || undefined,
  mainEnv: MAIN_ENV || undefined,
  loadGate: `1-minute load average under ${MAX_LOAD} (waited at most ${LOAD_WAIT_S} s)`,
  loadAtStart: { min: Math.min(...runs.map((r) => r.loadAtStart)), max: Math.max(...runs.map((r) => r.loadAtStart)) },
  parallelism: PARALLELISM ?? 'Terraform default (10)',
};
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, `${OUT}.json`), `${JSON.stringify({ environment, summary, runs }, null, 2)}\n`);

const md = [
  `# This provider against Mastercard/restapi ${PEER_VERSION}`,
  '',
  `${environment.date}; ${environment.engine}; Node ${environment.node}; ${environment.cores} × ${environment.cpu.split(' ').slice(0, 2).join(' ')}.`,
  `${environment.workload}, ${REPS} interleaved repetitions, medians. Load at the start of the commands: ${environment.loadAtStart.min}–${environment.loadAtStart.max} (gate: ${environment.loadGate}).`,
  'Produced by `node bench/terraform/versus-restapi.mjs` after a build.',
  `Ours runs as: entry ${ENTRY}${NODE_FLAGS ? `, node flags ${NODE_FLAGS}` : ''}${LAUNCH_ENV ? `, launcher environment ${LAUNCH_ENV}` : ''}; Terraform -parallelism ${PARALLELISM ?? '10 (its default)'}.`,
  '',
  '| command | ours s | restapi s | ratio | ours calls (per object) | restapi calls (per object) | ours provider peak MiB | restapi provider peak MiB | ours provider CPU s | restapi provider CPU s |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...summary.map((s) => `| ${s.command} | ${s.ours.seconds} | ${s.peer.seconds} | ${s.timeRatio} | ${s.ours.apiCalls} (${s.callsPerObject.ours}) | ${s.peer.apiCalls} (${s.callsPerObject.peer}) | ${s.ours.providerPeakMiB} | ${s.peer.providerPeakMiB} | ${s.ours.providerCpuSeconds} | ${s.peer.providerCpuSeconds} |`),
  '',
  ...(PROVIDERS.includes('main')
    ? [
        '',
        ENTRY === 'package' && MAIN_ENV ? `The same package started with ${MAIN_ENV}, same runs ("before" below):` : `The same provider built from ${MAIN_ROOT} (before this change)${MAIN_ENV ? `, started with ${MAIN_ENV}` : ''}, same runs:`,
        '',
        '| command | before s | ratio to restapi | before calls (per object) | before provider peak MiB | before provider CPU s |',
        '|---|---:|---:|---:|---:|---:|',
        ...summary.map((s) => `| ${s.command} | ${s.main.seconds} | ${s.mainTimeRatio} | ${s.main.apiCalls} (${s.callsPerObject.main}) | ${s.main.providerPeakMiB} | ${s.main.providerCpuSeconds} |`),
      ]
    : []),
  '',
  'Provider CPU: user + system seconds of the provider processes Terraform started for the command (all instances), the figure least moved by other work on the machine. Engine CPU: the engine process itself (not its children); emulator CPU: the emulator process during the command. Where a command\'s time goes is the split of these three (the machine has 2 cores).',
  '',
  '| command | ours: provider / engine / emulator CPU s | restapi: provider / engine / emulator CPU s |',
  '|---|---|---|',
  ...summary.map((s) => `| ${s.command} | ${s.ours.providerCpuSeconds} / ${s.ours.engineCpuSeconds} / ${s.ours.emulatorCpuSeconds} | ${s.peer.providerCpuSeconds} / ${s.peer.engineCpuSeconds} / ${s.peer.emulatorCpuSeconds} |`),
  '',
  'Every run:',
  '',
  '| provider | command | seconds | API calls | provider peak MiB | provider CPU s | instances | engine CPU s | emulator CPU s | load at start |',
  '|---|---|---:|---|---:|---:|---:|---:|---:|---:|',
  ...runs.map((r) => `| ${r.provider} | ${r.command} | ${r.seconds} | ${r.apiCalls} (${Object.entries(r.requests).map(([k, v]) => `${k} ${v}`).join(', ')}) | ${r.providerPeakMiB} | ${r.providerCpuSeconds} | ${r.providerInstances} | ${r.engineCpuSeconds} | ${r.emulatorCpuSeconds} | ${r.loadAtStart} |`),
  '',
].join('\n');
writeFileSync(join(RESULTS, `${OUT}.md`), md);
console.log(md);
