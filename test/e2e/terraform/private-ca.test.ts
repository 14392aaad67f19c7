/**
 * An API behind a private CA, as a company's TLS-terminating proxy puts it: the real Terraform runs
 * the provider as installed (the packaged launcher and its single executable, from a filesystem
 * mirror) against an HTTPS front of the emulator whose certificate only the test's CA signed.
 * NODE_EXTRA_CA_CERTS naming that CA makes the apply work, though the launcher keeps it from
 * Node.js's start (the API client reads it); without it the provider fails with a clear TLS
 * error, and a CA file that cannot be read is named. Each run's environment sets or removes
 * NODE_EXTRA_CA_CERTS itself, whatever this machine's is.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTRA_CA_CERTS_VARIABLE } from '../../../src/client/trusted-certificates';
import { type RunningEmulator, startEmulator } from '../../../src/emulator';
import { type RunResult, engineEnv, formatRun, makeTempDir, removeDir, requireEngine, run } from '../../support/engines';
import { type HttpsFront, type PrivateCa, makePrivateCa, startHttpsFront } from '../../support/https-front';
import { oneKeyConfiguration, providerMirror } from '../../support/installed-provider';

jest.setTimeout(600_000);

const ENGINE = 'terraform';

let emu: RunningEmulator;
let dir: string;
let mirror: string;
let ca: PrivateCa;
let front: HttpsFront;

beforeAll(async () => {
  requireEngine(ENGINE);
  dir = makeTempDir('fb-private-ca-');
  mirror = await providerMirror(dir);
  emu = await startEmulator({ port: 0, dataDir: join(dir, 'emulator') });
  ca = await makePrivateCa(dir);
  front = await startHttpsFront(emu.url, ca);
});
afterAll(async () => {
  await front?.close();
  await emu?.close();
  if (dir) removeDir(dir);
});

/** A configuration of one key in its own folder, run with `caEnv` over this machine's environment. */
function project(name: string, caEnv: NodeJS.ProcessEnv) {
  const work = join(dir, name);
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'main.tf'), oneKeyConfiguration(`AKIA${name.toUpperCase()}`, 'private-ca-test-secret'));
  const env = engineEnv({
    tmpDir: join(work, '.engine'),
    filesystemMirror: mirror,
    env: { FLASHBACK_API_URL: front.url, FLASHBACK_API_TOKEN: emu.seeded.users[0].token, FLASHBACK_WORKSPACE_ID: emu.seeded.workspaces[0].id, [EXTRA_CA_CERTS_VARIABLE]: undefined, ...caEnv },
  });
  return (args: string[]) => run(ENGINE, [...args, '-no-color'], { cwd: work, env });
}

function expectOk(r: RunResult): RunResult {
  if (r.code !== 0) throw new Error(formatRun(r));
  return r;
}
/** Terraform's diagnostics as one line: box-drawing margins and line wraps removed. */
const flat = (r: RunResult) => (r.stdout + r.stderr).replace(/[│╷╵]/g, ' ').replace(/\s+/g, ' ');

it('with NODE_EXTRA_CA_CERTS naming the private CA, init and apply work over HTTPS through the front', async () => {
  const tf = project('trusted', { NODE_EXTRA_CA_CERTS: ca.caFile });
  expectOk(await tf(['init']));
  const before = front.requests();
  const apply = expectOk(await tf(['apply', '-auto-approve']));
  expect(apply.stdout).toMatch(/Apply complete! Resources: 1 added, 0 changed, 0 destroyed/);
  expect(front.requests() - before).toBeGreaterThanOrEqual(2); // the configure's reads and the create, over TLS
  expect(expectOk(await tf(['plan', '-detailed-exitcode'])).code).toBe(0);
  expectOk(await tf(['destroy', '-auto-approve']));
});

it('without the CA, the apply fails with the TLS error and where to give the CA, and creates nothing', async () => {
  const tf = project('untrusted', { NODE_EXTRA_CA_CERTS: undefined });
  expectOk(await tf(['init']));
  const before = front.requests();
  const apply = await tf(['apply', '-auto-approve']);
  expect(apply.code).not.toBe(0);
  expect(flat(apply)).toMatch(/unable to verify the first certificate/);
  expect(flat(apply)).toContain(`${front.url} presents a certificate that no trusted CA signed: if a private CA signed it, give that CA's certificate file in NODE_EXTRA_CA_CERTS`);
  expect(front.requests()).toBe(before); // no request got through the handshake
});

it('a CA file that cannot be read fails the apply naming the file and the variable', async () => {
  const missing = join(dir, 'no-such-ca.pem');
  const tf = project('unreadable', { NODE_EXTRA_CA_CERTS: missing });
  expectOk(await tf(['init']));
  const apply = await tf(['apply', '-auto-approve']);
  expect(apply.code).not.toBe(0);
  expect(flat(apply)).toContain(`The extra CA certificates file ${missing} (NODE_EXTRA_CA_CERTS, passed on as ${EXTRA_CA_CERTS_VARIABLE}) cannot be read (ENOENT)`);
});
