#!/usr/bin/env node
// Provider start to handshake, and the size of what `provider install` installs (not a test).
//   npx tsc -p tsconfig.build.json && node bench/terraform/startup.mjs [--starts 20] [--max-load 2.5]
//
// Each variant is launched as go-plugin launches a provider (magic cookie, protocol 6, with a
// client certificate for AutoMTLS, or without for plaintext) and timed from spawn to the
// handshake line on stdout. The variants run interleaved, round after round, in one run, so
// machine noise falls on all of them alike; median, min and max of `--starts` rounds:
//   - the node script (bin/terraform-provider-flashback: its sh launcher, node + dist/terraform/main.js),
//   - node + the bundle, no launcher,
//   - the package `provider install` installs, as Terraform runs it: the sh launcher and the
//     single executable beside it (reproducible, no code cache),
//   - that single executable alone, no launcher, and with V8's code cache (`--code-cache`),
//   - `node -e` printing a line, for the cost of Node.js's own start, with and without
//     NODE_EXTRA_CA_CERTS (Node.js parses that file, and builds its whole root store, before any
//     JavaScript runs; the launchers hand it to the API client instead: issue #13).
// Every variant gets this process's environment, as Terraform passes its own to a provider.
// Before the first round it waits (up to 5 minutes) for the 1-minute load average to fall
// below --max-load, and records the load it ran under.
// Writes bench/results/terraform-startup.json and .md.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, pluginHostEnv, round, timeToFirstLine } from './support.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = join(ROOT, 'bench/results');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const STARTS = Number(arg('starts', '20'));
const MAX_LOAD = Number(arg('max-load', '2.5'));

if (!existsSync(join(ROOT, 'dist/terraform/main.js'))) {
  console.error('dist/ is missing: run `npx tsc -p tsconfig.build.json` first');
  process.exit(1);
}
const require = createRequire(import.meta.url);
const { bundleProvider, lateBundleOf } = require(join(ROOT, 'dist/cli/provider/bundle.js'));
const { buildExecutable } = require(join(ROOT, 'dist/cli/provider/executable.js'));
const { writeRelease } = require(join(ROOT, 'dist/cli/provider/release.js'));
const { installProvider } = require(join(ROOT, 'dist/cli/provider/install.js'));
const { packageVersion, terraformPlatform } = require(join(ROOT, 'dist/cli/provider/layout.js'));

const mib = (bytes) => round(bytes / 2 ** 20, 1);

// ---- what is measured ----
const scratch = mkdtempSync(join(os.tmpdir(), 'fb-bench-startup-'));
const cacheDir = join(ROOT, '.cache', 'provider-builds');
const bundle = await bundleProvider(ROOT, join(scratch, 'terraform-provider-flashback.cjs'));
const plain = await buildExecutable({ bundle, cacheDir });
const cached = await buildExecutable({ bundle, cacheDir, codeCache: true });
const release = await writeRelease({ outDir: join(scratch, 'release'), version: packageVersion(ROOT), executables: [{ platform: terraformPlatform(), executable: plain.path }] });
const [installed] = installProvider(plain.path, { mirror: join(scratch, 'mirror'), version: packageVersion(ROOT), platform: terraformPlatform(), hosts: ['registry.terraform.io'] });
const sizes = {
  bundleMiB: mib(statSync(bundle).size + statSync(lateBundleOf(bundle)).size),
  bundleBeforeHandshakeKiB: round(statSync(bundle).size / 1024, 0),
  executableMiB: mib(plain.sizeBytes),
  executableWithCodeCacheMiB: mib(cached.sizeBytes),
  zipMiB: mib(statSync(release.zips[0]).size),
  nodeBinaryMiB: mib(statSync(process.execPath).size),
};

const { autoMtls: hostEnv, plaintext: plaintextEnv } = pluginHostEnv(ROOT);

const variants = [];
for (const [name, file, args] of [
  ['node script (bin/terraform-provider-flashback: launcher + node + dist)', join(ROOT, 'bin/terraform-provider-flashback'), []],
  ['node + the bundle, no launcher', process.execPath, [bundle]],
  ['installed package (launcher + single executable, as Terraform runs it)', installed.file, []],
  ['single executable alone, no launcher', plain.path, []],
  ['single executable + code cache, no launcher', cached.path, []],
]) {
  variants.push({ what: `${name}, AutoMTLS`, file, args, env: hostEnv, ms: [] });
  variants.push({ what: `${name}, plaintext`, file, args, env: plaintextEnv, ms: [] });
}
// The CA file Node.js would parse at start: this environment's, else the system's bundle (so that the cost shows either way).
const SYSTEM_CA_FILE = '/etc/ssl/certs/ca-certificates.crt';
const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS || (existsSync(SYSTEM_CA_FILE) ? SYSTEM_CA_FILE : undefined);
const withoutExtraCa = { ...process.env };
delete withoutExtraCa.NODE_EXTRA_CA_CERTS;
const nodeE = ['-e', 'console.log(1)'];
if (extraCaCerts !== undefined) variants.push({ what: `node -e, NODE_EXTRA_CA_CERTS=${extraCaCerts}`, file: process.execPath, args: nodeE, env: { ...process.env, NODE_EXTRA_CA_CERTS: extraCaCerts }, ms: [] });
variants.push({ what: 'node -e, without NODE_EXTRA_CA_CERTS', file: process.execPath, args: nodeE, env: withoutExtraCa, ms: [] });

// ---- run ----
const waitStarted = Date.now();
while (os.loadavg()[0] >= MAX_LOAD && Date.now() - waitStarted < 300_000) await new Promise((r) => setTimeout(r, 5000));
const loadBefore = os.loadavg()[0];

for (const v of variants) {
  const { line } = await timeToFirstLine(v.file, v.args, v.env); // warm-up, and a check that it is a handshake
  if (v.args !== nodeE && !/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|/.test(line)) throw new Error(`${v.what}: not a handshake: ${line}`);
  if (v.env === hostEnv && line.split('|')[5] === '') throw new Error(`${v.what}: no server certificate in the handshake`);
}
for (let i = 0; i < STARTS; i++) {
  for (const v of variants) {
    const { ms, cpuMs } = await timeToFirstLine(v.file, v.args, v.env);
    v.ms.push(ms);
    (v.cpuMs ??= []).push(cpuMs ?? NaN);
  }
}
const loadAfter = os.loadavg()[0];

const handshake = variants.map((v) => {
  const s = [...v.ms].sort((a, b) => a - b);
  return { what: v.what, starts: STARTS, medianMs: round(median(v.ms), 1), minMs: round(s[0], 1), maxMs: round(s[s.length - 1], 1), meanCpuMs: round(v.cpuMs.reduce((a, b) => a + b, 0) / v.cpuMs.length, 1) };
});
for (const h of handshake) console.log(`${h.what}: median ${h.medianMs} ms (min ${h.minMs}, max ${h.maxMs}), CPU ${h.meanCpuMs} ms`);
console.log(sizes);
rmSync(scratch, { recursive: true, force: true });

// ---- results ----
const environment = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  os: `${os.type()} ${os.release()}`,
  loadAverage1m: { before: round(loadBefore, 2), after: round(loadAfter, 2), gate: MAX_LOAD },
  /** What this environment passes every variant (as Terraform would pass its own). */
  nodeExtraCaCerts: process.env.NODE_EXTRA_CA_CERTS ?? null,
};
writeFileSync(join(RESULTS, 'terraform-startup.json'), `${JSON.stringify({ environment, sizes, handshake }, null, 2)}\n`);

const rows = handshake.map((h) => `| ${h.what} | ${h.medianMs} | ${h.minMs} | ${h.maxMs} | ${h.meanCpuMs} |`).join('\n');
const md = `# Terraform provider: start to handshake, and size

${environment.date}, Node ${environment.node}, ${environment.cores} × ${environment.cpu}, ${environment.os}.
Load average (1 min) ${environment.loadAverage1m.before} before, ${environment.loadAverage1m.after} after (gate: wait up to 5 min for < ${MAX_LOAD}).
NODE_EXTRA_CA_CERTS in the environment every variant got: ${environment.nodeExtraCaCerts ?? 'unset'}.
Produced by \`node bench/terraform/startup.mjs\` after a build.

## Start to handshake

Launched as go-plugin launches a provider, timed from spawn to the handshake line (\`node -e\`: to its line); ${STARTS} rounds after one warm-up each, all variants interleaved in the same run. CPU: user + system time of the process at the handshake (/proc, 10 ms ticks, so a mean), the figure least moved by other work on the machine.

| what | median ms | min ms | max ms | CPU ms (mean) |
|---|---:|---:|---:|---:|
${rows}

## Size

| what | MiB |
|---|---:|
| provider bundle (esbuild; the part parsed before the handshake: ${sizes.bundleBeforeHandshakeKiB} KiB) | ${sizes.bundleMiB} |
| single executable (what \`provider install\` installs; Node.js ${process.version} inside) | ${sizes.executableMiB} |
| single executable with code cache | ${sizes.executableWithCodeCacheMiB} |
| release zip (\`provider package\`) | ${sizes.zipMiB} |
| the node binary it is made of | ${sizes.nodeBinaryMiB} |
`;
writeFileSync(join(RESULTS, 'terraform-startup.md'), md);
