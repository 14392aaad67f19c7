/**
 * The certificate authorities the API client trusts over HTTPS beyond Node.js's own.
 *
 * Node.js reads NODE_EXTRA_CA_CERTS (and so builds its whole root store) before any JavaScript
 * runs: ~45 ms of every provider start on a machine whose environment sets it, for a process that
 * may never open an HTTPS connection (issue #13). So the provider's launchers move the variable
 * into {@link EXTRA_CA_CERTS_VARIABLE} before Node.js starts, and the client reads that file here,
 * once, when it first talks HTTPS. Where no launcher ran (a library user, Windows' .exe), the
 * variable is unset and Node.js has handled NODE_EXTRA_CA_CERTS itself, as usual.
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { type SecureContext, createSecureContext, rootCertificates } from 'node:tls';

/** Set by bin/terraform-provider-flashback, bin/pulumi-resource-flashback and the packaged launcher. */
export const EXTRA_CA_CERTS_VARIABLE = 'FLASHBACK_IAC_EXTRA_CA_CERTS';

/** The file in {@link EXTRA_CA_CERTS_VARIABLE} could not be read or holds no certificate. */
export class ExtraCaCertificatesError extends Error {
  override readonly name = 'ExtraCaCertificatesError';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `The extra CA certificates file ${file} (NODE_EXTRA_CA_CERTS, passed on as ${EXTRA_CA_CERTS_VARIABLE}) ${reason}: point NODE_EXTRA_CA_CERTS at a readable PEM file of CA certificates, or unset it.`,
    );
  }
}

const agents = new Map<string, Agent>();

/**
 * The HTTPS agent that trusts Node.js's root certificates plus those of the file named in `env`,
 * made on first use and kept for the process; undefined when the variable is unset (Node.js's
 * default agent then serves, with whatever NODE_EXTRA_CA_CERTS Node.js itself loaded).
 */
export function extraCaAgent(env: NodeJS.ProcessEnv): Agent | undefined {
  const file = env[EXTRA_CA_CERTS_VARIABLE]?.trim();
  if (!file) return undefined;
  const known = agents.get(file);
  if (known) return known;
  let pem: string;
  try {
    pem = readFileSync(file, 'latin1');
  } catch (e) {
    throw new ExtraCaCertificatesError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ExtraCaCertificatesError(file, 'holds no PEM certificate');
  let secureContext: SecureContext;
  try {
    // One context for every connection: its CA list (~150 certificates) is parsed once.
    secureContext = createSecureContext({ ca: [...rootCertificates, pem] });
  } catch (e) {
    throw new ExtraCaCertificatesError(file, `holds a certificate OpenSSL refuses (${e instanceof Error ? e.message : String(e)})`);
  }
  // The options of Node.js's global agent, which the client used before.
  const agent = new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000, secureContext });
  agents.set(file, agent);
  return agent;
}

/**
 * What to say when the API's certificate is not trusted. The origin only: the message must name no
 * path or query (errors.ts, RequestInfo), and a URL's query could carry anything.
 */
export function untrustedHint(apiUrl: string, env: NodeJS.ProcessEnv): string {
  let origin: string;
  try {
    origin = new URL(apiUrl).origin;
  } catch {
    origin = 'the API';
  }
  const file = env[EXTRA_CA_CERTS_VARIABLE]?.trim();
  return file
    ? `${origin} presents a certificate that neither Node.js's CAs nor those in ${file} (NODE_EXTRA_CA_CERTS) signed: point NODE_EXTRA_CA_CERTS at the file of the CA that did`
    : `${origin} presents a certificate that no trusted CA signed: if a private CA signed it, give that CA's certificate file in NODE_EXTRA_CA_CERTS`;
}
