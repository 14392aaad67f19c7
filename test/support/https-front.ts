/**
 * An HTTPS front for the emulator, its certificate signed by a private CA made for the test (so
 * that no CA of the machine's trusts it): what a company's TLS-terminating proxy looks like to the
 * provider. Requests are passed through to the emulator unchanged; the front counts them.
 */
import { KeyObject, webcrypto } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, request } from 'node:http';
import { type Server, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import 'reflect-metadata'; // @peculiar/x509's dependency injection (tsyringe) needs it loaded first
import * as x509 from '@peculiar/x509';

export interface PrivateCa {
  /** The CA's certificate, PEM, in a file (what NODE_EXTRA_CA_CERTS names). */
  readonly caFile: string;
  /** A server certificate for localhost and 127.0.0.1 signed by the CA, and its key, PEM. */
  readonly serverCertificatePem: string;
  readonly serverKeyPem: string;
}

type X509Crypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1]>;
type KeyPair = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 3600 * 1000;

/** A private CA written into `dir`, with one server certificate it signed. */
export async function makePrivateCa(dir: string): Promise<PrivateCa> {
  const crypto = webcrypto as unknown as X509Crypto;
  const notBefore = new Date(Date.now() - DAY_MS);
  const notAfter = new Date(Date.now() + DAY_MS);
  const caKeys = (await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as KeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '01',
      name: 'CN=flashback-iac test CA',
      notBefore,
      notAfter,
      keys: caKeys,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const serverKeys = (await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as KeyPair;
  const server = await x509.X509CertificateGenerator.create(
    {
      serialNumber: '02',
      subject: 'CN=localhost',
      issuer: ca.subject,
      notBefore,
      notAfter,
      publicKey: serverKeys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([
          { type: 'dns', value: 'localhost' },
          { type: 'ip', value: '127.0.0.1' },
        ]),
        await x509.AuthorityKeyIdentifierExtension.create(ca, false, crypto),
      ],
    },
    crypto,
  );
  const caFile = join(dir, 'private-ca.pem');
  writeFileSync(caFile, ca.toString('pem') + '\n');
  const serverKeyPem = KeyObject.from(serverKeys.privateKey as webcrypto.CryptoKey).export({ type: 'pkcs8', format: 'pem' }).toString();
  return { caFile, serverCertificatePem: server.toString('pem') + '\n', serverKeyPem };
}

export interface HttpsFront {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** Requests passed through so far. */
  readonly requests: () => number;
  close(): Promise<void>;
}

/** An HTTPS server on an ephemeral loopback port passing every request through to `target` (http://). */
export async function startHttpsFront(target: string, ca: PrivateCa): Promise<HttpsFront> {
  const upstream = new URL(target);
  let requests = 0;
  const pass = (req: IncomingMessage, res: ServerResponse): void => {
    requests++;
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', (e) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`front: ${e.message}`);
    });
    req.pipe(out);
  };
  const server: Server = createServer({ cert: ca.serverCertificatePem, key: ca.serverKeyPem }, pass);
  // A client that refuses our certificate closes the connection: not the test's failure.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
