/**
 * go-plugin AutoMTLS, server side: our certificate. Terraform requires it to verify for the name
 * `localhost` (hence the SAN: Go ignores the CN); its DER goes into the handshake line. Kept
 * apart from the gRPC credentials (auto-mtls.ts), so that it is made, and the handshake printed,
 * before gRPC has loaded.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import * as der from './der';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  organization: '2.5.4.10',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** digitalSignature(0) | keyEncipherment(2) | keyAgreement(4) | keyCertSign(5), as go-plugin sets them. */
const KEY_USAGE_BITS = 0b1010_1100;

/** Comfortably longer than any Terraform run; the certificate dies with the process anyway. */
const VALIDITY_MS = 366 * 24 * 3600 * 1000;

export interface ServerCertificate {
  readonly certificateDer: Buffer;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/** ECDSA P-256, self-signed CA, `CN=localhost, O=HashiCorp`, SAN localhost + 127.0.0.1, EKU server+client. */
export function generateServerCertificate(now: Date = new Date()): ServerCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const subjectPublicKeyInfo = publicKey.export({ type: 'spki', format: 'der' });
  const algorithm = der.sequence(der.objectIdentifier(OID.ecdsaWithSha256));
  const name = der.sequence(
    der.set(der.sequence(der.objectIdentifier(OID.organization), der.utf8String('HashiCorp'))),
    der.set(der.sequence(der.objectIdentifier(OID.commonName), der.utf8String('localhost'))),
  );
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive
  const extension = (oid: string, critical: boolean, value: Buffer): Buffer =>
    der.sequence(der.objectIdentifier(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));

  const tbsCertificate = der.sequence(
    der.explicit(0, der.smallInteger(2)), // v3
    der.unsignedInteger(serial),
    algorithm,
    name,
    der.sequence(der.time(new Date(now.getTime() - 30_000)), der.time(new Date(now.getTime() + VALIDITY_MS))),
    name,
    subjectPublicKeyInfo,
    der.explicit(
      3,
      der.sequence(
        extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
        extension(OID.keyUsage, true, der.bitString(Buffer.of(KEY_USAGE_BITS), 2)),
        extension(
          OID.extKeyUsage,
          false,
          der.sequence(der.objectIdentifier(OID.serverAuth), der.objectIdentifier(OID.clientAuth)),
        ),
        extension(
          OID.subjectAltName,
          false,
          der.sequence(
            der.implicitPrimitive(2, Buffer.from('localhost', 'ascii')),
            der.implicitPrimitive(7, Buffer.of(127, 0, 0, 1)),
          ),
        ),
        extension(
          OID.subjectKeyIdentifier,
          false,
          der.octetString(createHash('sha1').update(publicKeyBits(subjectPublicKeyInfo)).digest()),
        ),
      ),
    ),
  );
  const signature = sign('sha256', tbsCertificate, privateKey); // DER ECDSA-Sig-Value
  const certificateDer = der.sequence(tbsCertificate, algorithm, der.bitString(signature));
  return {
    certificateDer,
    certificatePem: toPem('CERTIFICATE', certificateDer),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function toPem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The subjectPublicKey BIT STRING's bytes inside a P-256 SPKI (RFC 5280 key identifier, method 1). */
function publicKeyBits(spki: Buffer): Buffer {
  // SPKI = SEQUENCE { AlgorithmIdentifier, BIT STRING { 0x00, point } }; the uncompressed P-256 point is the last 65 bytes.
  return spki.subarray(spki.length - 65);
}
