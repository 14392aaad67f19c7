/**
 * go-plugin AutoMTLS, server side: the gRPC credentials. Terraform puts its own temporary client
 * certificate in PLUGIN_CLIENT_CERT; we answer with a fresh self-signed certificate (see
 * server-certificate.ts) and require and verify Terraform's in turn, as go-plugin's own server
 * does. Without PLUGIN_CLIENT_CERT (TF_DISABLE_PLUGIN_TLS) we serve plaintext.
 */
import * as grpc from '@grpc/grpc-js';
import { generateServerCertificate, type ServerCertificate } from './server-certificate';

export { generateServerCertificate, type ServerCertificate };

/** mTLS credentials when Terraform sent a client certificate, plaintext otherwise. */
export function serverCredentials(
  clientCertificatePem: string | undefined,
  /** Made ahead (the handshake carries it); a new one by default. */
  ownCertificate?: ServerCertificate,
): { credentials: grpc.ServerCredentials; certificate: ServerCertificate | null } {
  if (clientCertificatePem === undefined || clientCertificatePem.trim() === '') {
    return { credentials: grpc.ServerCredentials.createInsecure(), certificate: null };
  }
  const certificate = ownCertificate ?? generateServerCertificate();
  const credentials = grpc.ServerCredentials.createSsl(
    Buffer.from(clientCertificatePem, 'utf8'),
    [{ private_key: Buffer.from(certificate.privateKeyPem), cert_chain: Buffer.from(certificate.certificatePem) }],
    true, // require and verify the client certificate against PLUGIN_CLIENT_CERT
  );
  return { credentials, certificate };
}
