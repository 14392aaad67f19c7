// What the Terraform benches share: the emulator in a separate process, our provider's
// workload configuration, and small statistics.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const round = (x, d = 0) => +x.toFixed(d);

/** The value after `--<name>` on the command line, or `fallback`. */
export const cliArg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

/** The machine a result was measured on. */
export const machine = () => ({
  date: new Date().toISOString(),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
});

/**
 * Runs `<enginesDir>/<engine> ...args -no-color` in `cwd`; resolves with its wall time, output
 * and exit code, rejects (with the output's end) on an exit code not in `okCodes`. `watch`, given
 * the child as it starts, returns what to stop when it exits; its answer comes back as `watched`.
 */
export function runEngineIn(enginesDir, engine, args, cwd, env, okCodes = [0], watch) {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(join(enginesDir, engine), [...args, '-no-color'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const watcher = watch?.(child);
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const watched = watcher?.stop();
      if (!okCodes.includes(code)) reject(new Error(`${engine} ${args.join(' ')} exited ${code}\n${out.slice(-4000)}`));
      else resolvePromise({ seconds, out, code, watched });
    });
  });
}

/**
 * The environment go-plugin gives a provider it launches (magic cookie, protocol 6, Terraform's
 * port range), with a client certificate for AutoMTLS, and the same without it for plaintext.
 */
export function pluginHostEnv(root) {
  const require = createRequire(import.meta.url);
  const { MAGIC_COOKIE_VALUE } = require(join(root, 'dist/terraform/protocol/handshake.js'));
  const { generateServerCertificate } = require(join(root, 'dist/terraform/protocol/auto-mtls.js'));
  const autoMtls = {
    ...process.env,
    TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: '5,6',
    PLUGIN_MIN_PORT: '10000',
    PLUGIN_MAX_PORT: '25000',
    PLUGIN_CLIENT_CERT: generateServerCertificate().certificatePem,
  };
  const plaintext = { ...autoMtls };
  delete plaintext.PLUGIN_CLIENT_CERT;
  return { autoMtls, plaintext };
}

/** CPU ms (user + system) the process `pid` has used so far, from /proc (1/100 s ticks); undefined where /proc is missing. */
export function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * ms from spawn to the first stdout line (the handshake, for a provider), and the CPU ms the
 * process used until then (less moved by other work on the machine than the wall time); the
 * process is then killed.
 */
export function timeToFirstLine(file, args, env) {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('\n')) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const cpuMs = cpuMsOf(child.pid);
        child.kill('SIGKILL');
        resolvePromise({ ms, cpuMs, line: out.slice(0, out.indexOf('\n')) });
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`${file} exited ${code} before printing a line`));
    });
  });
}

/**
 * Starts `node <cli> emulator` with one workspace and an OWNER holding `token`, in `work`.
 * Returns its ready file's content, `call(method, path)` (JSON, with the token) and `stop()`.
 */
export async function startEmulatorProcess({ cli, work, token, faults = false, extraArgs = [] }) {
  const dataDir = join(work, 'emulator');
  mkdirSync(dataDir);
  const seedFile = join(work, 'seed.json');
  const readyFile = join(work, 'ready.json');
  writeFileSync(seedFile, JSON.stringify({ org: { name: 'bench' }, workspaces: [{ name: 'bench' }], users: [{ email: 'bench@bench.test', token, orgRole: 'OWNER' }] }));
  const env = { ...process.env };
  delete env.FLASHBACK_EMULATOR_MASTER_KEY;
  const args = [cli, 'emulator', '--port', '0', '--data-dir', dataDir, '--seed', seedFile, '--ready-file', readyFile, ...(faults ? ['--faults'] : []), ...extraArgs];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  process.on('exit', () => child.exitCode === null && child.kill('SIGTERM'));
  const deadline = Date.now() + 20_000;
  while (!existsSync(readyFile)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('the emulator did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  const ready = JSON.parse(readFileSync(readyFile, 'utf8'));
  const call = (method, path) =>
    new Promise((res, rej) => {
      const req = http.request({ host: '127.0.0.1', port: ready.port, method, path, headers: { authorization: `Bearer ${path.startsWith('/__emulator/') ? ready.faultsToken : token}` } }, (r) => {
        let s = '';
        r.on('data', (c) => (s += c));
        r.on('end', () => (r.statusCode === 200 ? res(JSON.parse(s)) : rej(new Error(`${method} ${path}: ${r.statusCode} ${s}`))));
      });
      req.on('error', rej);
      req.end();
    });
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  return { ready, workspaceId: ready.seeded.workspaces[0].id, call, stop, pid: child.pid };
}

/**
 * `keys` keys, each used by `bucketsPerKey` buckets named `<prefix>-<n>`, with our provider.
 * `layout: 'count'` writes two counted resources; `'blocks'` one block per object, each bucket
 * referring to its own key's block. At 1,000 keys the counted form makes Terraform evaluate the
 * whole 1,000-instance key resource for every bucket (its plan ran over 10 minutes before any
 * provider call); blocks keep each reference to one object, as a large configuration would.
 */
export const oursWorkload = ({ keys, bucketsPerKey, keyPrefix, bucketPrefix, layout = 'count' }) => {
  const key = (n, index) => `resource "flashback_provider_api_key" "${n}" {
  ${layout === 'count' ? `count             = ${keys}\n  ` : ''}provider_type     = "AWS"
  key               = "${keyPrefix}${index}"
  secret_wo         = var.secret
  secret_wo_version = 1
  region            = "eu-west-1"
}
`;
  const bucket = (n, keyRef, index) => `resource "flashback_storage_bucket" "${n}" {
  ${layout === 'count' ? `count               = ${keys * bucketsPerKey}\n  ` : ''}provider_api_key_id = ${keyRef}.id
  name                = "${bucketPrefix}-${index}"
  bucket              = "bench-${index}"
  storage_type        = "S3"
}
`;
  if (layout === 'count') return `\n${key('k', '${count.index}')}${bucket('b', `flashback_provider_api_key.k[floor(count.index / ${bucketsPerKey})]`, '${count.index}')}`;
  return `\n${eachObject(keys, bucketsPerKey, (k) => key(`k${k}`, k), (b, k) => bucket(`b${b}`, `flashback_provider_api_key.k${k}`, b))}`;
};

/** The blocks layout's text: every key, then every bucket with the index of the key it uses. */
export function eachObject(keys, bucketsPerKey, key, bucket) {
  const out = [];
  for (let k = 0; k < keys; k++) out.push(key(k));
  for (let b = 0; b < keys * bucketsPerKey; b++) out.push(bucket(b, Math.floor(b / bucketsPerKey)));
  return out.join('');
}

/**
 * The environment of one Terraform run: a CLI config in `dir` whose dev_overrides map each
 * provider source (registry.terraform.io and registry.opentofu.org) to its directory, the
 * emulator's URL and token, and nothing inherited that changes Terraform's behaviour.
 */
export function terraformEnv({ dir, overrides, url, token, workspaceId }) {
  const rc = join(dir, 'cli.tfrc');
  const lines = Object.entries(overrides).flatMap(([source, d]) => [`    "registry.terraform.io/${source}" = "${d}"`, `    "registry.opentofu.org/${source}" = "${d}"`]);
  writeFileSync(rc, `provider_installation {\n  dev_overrides {\n${lines.join('\n')}\n  }\n}\n`);
  const env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: rc,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    FLASHBACK_API_URL: url,
    FLASHBACK_API_TOKEN: token,
    FLASHBACK_WORKSPACE_ID: workspaceId,
    TF_VAR_secret: 'bench-secret-value',
  };
  for (const k of Object.keys(env)) if (/^TF_(CLI_ARGS|LOG|REATTACH_PROVIDERS|DATA_DIR|PLUGIN_CACHE_DIR)/.test(k)) delete env[k];
  return env;
}
