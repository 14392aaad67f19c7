/**
 * The extra CA certificates the launchers hand to the client (FLASHBACK_IAC_EXTRA_CA_CERTS, moved
 * out of NODE_EXTRA_CA_CERTS so that Node.js does not parse them at start): an API behind a
 * private CA answers when that CA is given, and is refused with a clear TLS error when it is not;
 * a file that cannot be read is named in the error. Real HTTPS to the emulator, through a front.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionError, EXTRA_CA_CERTS_VARIABLE, ExtraCaCertificatesError, FlashbackClient } from '../../src/client';
import { TOKENS, type TestEmulator, startTestEmulator } from '../emulator/support';
import { type HttpsFront, type PrivateCa, makePrivateCa, startHttpsFront } from '../support/https-front';

jest.setTimeout(60_000);

let t: TestEmulator;
let dir: string;
let ca: PrivateCa;
let front: HttpsFront;

beforeAll(async () => {
  t = await startTestEmulator();
  dir = mkdtempSync(join(tmpdir(), 'fb-extra-ca-'));
  ca = await makePrivateCa(dir);
  front = await startHttpsFront(t.emu.url, ca);
});
afterAll(async () => {
  await front?.close();
  await t?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A client whose whole environment is `env` (nothing of this machine's NODE_EXTRA_CA_CERTS). */
const clientWith = (env: NodeJS.ProcessEnv) => new FlashbackClient({ apiUrl: front.url, token: TOKENS.owner, env, retry: { maxAttempts: 1 } });

it('trusts the CA of the file in the variable, over HTTPS, on every call of the process', async () => {
  const before = front.requests();
  const client = clientWith({ [EXTRA_CA_CERTS_VARIABLE]: ca.caFile });
  expect((await client.listWorkspaces()).length).toBeGreaterThan(0);
  expect((await client.listProviders()).length).toBeGreaterThan(0);
  expect(front.requests() - before).toBe(2);
});

it('without the CA, the API is refused with a TLS error that says where to give the CA', async () => {
  const refused = await clientWith({}).listWorkspaces().then(
    () => null,
    (e: unknown) => e,
  );
  expect(refused).toBeInstanceOf(ConnectionError);
  expect((refused as ConnectionError).code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  expect((refused as Error).message).toMatch(/certificate/);
  expect((refused as Error).message).toContain('NODE_EXTRA_CA_CERTS');
});

it('with another CA given, the refusal names that file and the API by its origin only', async () => {
  const otherDir = mkdtempSync(join(tmpdir(), 'fb-other-ca-'));
  try {
    const other = await makePrivateCa(otherDir);
    const refused = await clientWith({ [EXTRA_CA_CERTS_VARIABLE]: other.caFile }).listWorkspaces().then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ConnectionError);
    const message = (refused as Error).message;
    expect(message).toContain(`${new URL(front.url).origin} presents a certificate that neither Node.js's CAs nor those in ${other.caFile} (NODE_EXTRA_CA_CERTS) signed`);
  } finally {
    rmSync(otherDir, { recursive: true, force: true });
  }
});

it('a file that cannot be read, or holds no certificate, fails the call naming the variable and the file, before anything is sent', async () => {
  const before = front.requests();
  const missing = join(dir, 'no-such-ca.pem');
  const error = await clientWith({ [EXTRA_CA_CERTS_VARIABLE]: missing }).listWorkspaces().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtraCaCertificatesError);
  expect((error as Error).message).toContain(missing);
  expect((error as Error).message).toContain('ENOENT');
  expect((error as Error).message).toContain(EXTRA_CA_CERTS_VARIABLE);
  expect((error as Error).message).toContain('NODE_EXTRA_CA_CERTS');

  const notPem = join(dir, 'not-a-certificate.pem');
  writeFileSync(notPem, 'hello\n');
  const refused = await clientWith({ [EXTRA_CA_CERTS_VARIABLE]: notPem }).listWorkspaces().then(
    () => null,
    (e: unknown) => e,
  );
  expect(refused).toBeInstanceOf(ExtraCaCertificatesError);
  expect((refused as Error).message).toContain(`${notPem} (NODE_EXTRA_CA_CERTS, passed on as ${EXTRA_CA_CERTS_VARIABLE}) holds no PEM certificate`);
  expect(front.requests()).toBe(before);
});

it('an http:// API never reads the file', async () => {
  const client = new FlashbackClient({ apiUrl: t.emu.url, token: TOKENS.owner, env: { [EXTRA_CA_CERTS_VARIABLE]: join(dir, 'never-read.pem') }, retry: { maxAttempts: 1 } });
  expect((await client.listWorkspaces()).length).toBeGreaterThan(0);
});
