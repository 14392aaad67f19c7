#!/usr/bin/env node
// What the deletion conflict check costs (issue #14, "no timer"); a benchmark, not a test.
// Needs a build and the engines:
//   npx tsc -p tsconfig.build.json && bash scripts/engines.sh ensure
//   node bench/terraform/conflicts.mjs [--engines terraform,tofu] [--runs 5] [--outside 3]
//
// Per engine, two working directories with one key each, against the emulator (a separate
// process): in "none" nothing uses the key; in "outside" --outside buckets do, none of them in
// the configuration (created by Terraform, then `state rm`). Timed, interleaved none/outside so
// that load on the machine hits both alike: `plan -destroy`, and a normal plan that removes the
// key (`-var keep=false`). The ratio outside/none of the medians, same run, is the figure: the
// check costs one listing of the workspace's buckets and AI models, never a wait (the provider
// used to wait up to 3 s here for dependents that never come).
// Writes bench/results/terraform-conflicts.json and bench/results/terraform-conflicts.md.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliArg, machine, median, round, runEngineIn, startEmulatorProcess, terraformEnv } from './support.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'dist/cli/main.js');
const ENGINES = join(ROOT, '.engines/bin');
const RESULTS = join(ROOT, 'bench/results');
const TOKEN = 'bench-conflicts-owner-token';

const arg = cliArg;
const RUNS = Number(arg('runs', '5'));
const OUTSIDE = Number(arg('outside', '3'));
const engines = arg('engines', 'terraform,terraform-latest,tofu')
  .split(',')
  .filter((e) => existsSync(join(ENGINES, e)));
if (!existsSync(CLI) || !existsSync(join(ROOT, 'dist/terraform/main.js'))) {
  console.error('dist/ is missing: run `npx tsc -p tsconfig.build.json` first');
  process.exit(1);
}
if (engines.length === 0) {
  console.error(`no engine in ${ENGINES}: run \`bash scripts/engines.sh ensure\` first`);
  process.exit(1);
}

const config = (buckets, engine) => `terraform {
  required_providers {
    flashback = { source = "flashback/flashback" }
  }
}
variable "keep" {
  type    = bool
  default = true
}
provider "flashback" {}
resource "flashback_provider_api_key" "k" {
  count             = var.keep ? 1 : 0
  provider_type     = "AWS"
  key               = "AKIABENCH"
  secret_wo         = "bench-secret"
  secret_wo_version = 1
  region            = "eu-west-1"
}
resource "flashback_storage_bucket" "b" {
  count               = ${buckets}
  provider_api_key_id = flashback_provider_api_key.k[0].id
  name                = "outside-\${count.index}-${engine}"
  bucket              = "outside"
  storage_type        = "S3"
}
`;

// plan -detailed-exitcode: 2 means changes, which every timed plan has.
const runEngine = (engine, args, cwd, env) => runEngineIn(ENGINES, engine, args, cwd, env, [0, 2]);

const work = mkdtempSync(join(os.tmpdir(), 'fb-bench-conflicts-'));
const emu = await startEmulatorProcess({ cli: CLI, work, token: TOKEN });
const versions = {};
const results = [];
const plans = [
  { name: 'plan -destroy', args: ['plan', '-destroy', '-detailed-exitcode'] },
  { name: 'plan removing the key', args: ['plan', '-detailed-exitcode', '-var', 'keep=false'] },
];

for (const engine of engines) {
  const dirs = {};
  for (const shape of ['none', 'outside']) {
    const dir = join(work, engine, shape);
    mkdirSync(dir, { recursive: true });
    const env = terraformEnv({ dir, overrides: { 'flashback/flashback': join(ROOT, 'bin') }, url: emu.ready.url, token: TOKEN, workspaceId: emu.workspaceId });
    const buckets = shape === 'outside' ? OUTSIDE : 0;
    writeFileSync(join(dir, 'main.tf'), config(buckets, engine));
    await runEngine(engine, ['apply', '-auto-approve'], dir, env);
    // The buckets stay, using the key, but leave the configuration: outside dependents.
    for (let i = 0; i < buckets; i++) await runEngine(engine, ['state', 'rm', `flashback_storage_bucket.b[${i}]`], dir, env);
    writeFileSync(join(dir, 'main.tf'), config(0, engine));
    dirs[shape] = { dir, env };
  }
  versions[engine] = /v?(\d+\.\d+\.\d+)/.exec((await runEngine(engine, ['version'], dirs.none.dir, dirs.none.env)).out)?.[1] ?? 'unknown';
  for (const plan of plans) {
    const seconds = { none: [], outside: [] };
    for (const shape of ['none', 'outside']) await runEngine(engine, plan.args, dirs[shape].dir, dirs[shape].env); // warm-up
    for (let i = 0; i < RUNS; i++) {
      for (const shape of i % 2 ? ['outside', 'none'] : ['none', 'outside']) {
        const { seconds: s, out } = await runEngine(engine, plan.args, dirs[shape].dir, dirs[shape].env);
        if (shape === 'outside' && !/still (be )?in use/.test(out)) throw new Error(`${engine} ${plan.name}: no conflict reported\n${out.slice(-3000)}`);
        seconds[shape].push(s);
      }
    }
    const r = {
      engine,
      plan: plan.name,
      runs: RUNS,
      noneMedianS: round(median(seconds.none), 2),
      outsideMedianS: round(median(seconds.outside), 2),
      ratio: round(median(seconds.outside) / median(seconds.none), 2),
      none: seconds.none.map((s) => round(s, 2)),
      outside: seconds.outside.map((s) => round(s, 2)),
    };
    console.log(`${engine} ${plan.name}: none ${r.noneMedianS} s, outside ${r.outsideMedianS} s, ratio ${r.ratio}`);
    results.push(r);
  }
}

await emu.stop();
rmSync(work, { recursive: true, force: true });

const environment = {
  ...machine(),
  loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)),
  engines: versions,
  outsideBuckets: OUTSIDE,
};
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'terraform-conflicts.json'), `${JSON.stringify({ environment, results }, null, 2)}\n`);
const md = [
  '# Deletion conflict check: cost of outside dependents',
  '',
  `${environment.date}, Node ${environment.node}, ${environment.cores} × ${environment.cpu.split(' ').slice(0, 2).join(' ')}, ${environment.platform}.`,
  `Engines: ${Object.entries(versions).map(([e, v]) => `${e} ${v}`).join(', ')}. Load average at the end: ${environment.loadAverageAtEnd.join(', ')}. Produced by \`node bench/terraform/conflicts.mjs\` after a build.`,
  '',
  `One key; "outside": ${OUTSIDE} buckets use it that the configuration does not manage (the plan reports them), "none": nothing uses it. Wall time of the whole command, ${RUNS} runs each after a warm-up, interleaved; median. The ratio is outside / none, same run.`,
  '',
  '| engine | plan | none (s) | outside (s) | ratio |',
  '|---|---|---:|---:|---:|',
  ...results.map((r) => `| ${r.engine} | ${r.plan} | ${r.noneMedianS} | ${r.outsideMedianS} | ${r.ratio} |`),
  '',
  'Before issue #14 the key waited up to 3 s (`SETTLE_MS`) for dependents that are never planned, so "outside" cost about 3 s more than "none".',
  '',
];
writeFileSync(join(RESULTS, 'terraform-conflicts.md'), md.join('\n'));
console.log(`wrote ${join(RESULTS, 'terraform-conflicts.md')}`);
