/**
 * The go-plugin handshake as Terraform and OpenTofu run it: the magic cookie that says "a plugin
 * host started you", protocol version negotiation, and the one stdout line that tells the host
 * where to connect.
 */

/** Terraform's provider handshake cookie; identical in OpenTofu and never changed. */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

/** go-plugin's own wire version (field 1 of the handshake line). */
export const CORE_PROTOCOL_VERSION = 1;
/** The only Terraform plugin protocol we speak. */
export const PLUGIN_PROTOCOL_VERSION = 6;

export function hasMagicCookie(env: NodeJS.ProcessEnv): boolean {
  return env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE;
}

export const NOT_A_PLUGIN_HOST_MESSAGE =
  'This binary is a plugin for Terraform and OpenTofu (provider flashback/flashback). It is not meant to be run ' +
  'directly: Terraform starts it when a configuration uses the provider. To debug it, run it with --debug and ' +
  'copy the TF_REATTACH_PROVIDERS value it prints into the environment of terraform.\n';

export type VersionNegotiation = { readonly ok: true; readonly version: 6 } | { readonly ok: false; readonly message: string };

/**
 * PLUGIN_PROTOCOL_VERSIONS is a comma list in any order ("5,6" or "6,5"). Absent means a legacy
 * host, which go-plugin answers with the lowest version served: for us, 6.
 */
export function negotiateProtocolVersion(env: NodeJS.ProcessEnv): VersionNegotiation {
  const offered = env.PLUGIN_PROTOCOL_VERSIONS;
  if (offered === undefined || offered.trim() === '') return { ok: true, version: PLUGIN_PROTOCOL_VERSION };
  const versions = offered.split(',').map((version) => Number(version.trim()));
  if (versions.includes(PLUGIN_PROTOCOL_VERSION)) return { ok: true, version: PLUGIN_PROTOCOL_VERSION };
  return {
    ok: false,
    message:
      `terraform-provider-flashback speaks plugin protocol ${PLUGIN_PROTOCOL_VERSION} only, and this host offers ` +
      `"${offered}". Use Terraform 1.0 or later, or OpenTofu.\n`,
  };
}

export interface ListenAddress {
  readonly network: 'tcp' | 'unix';
  /** `127.0.0.1:PORT` or the socket path. */
  readonly address: string;
}

/**
 * `1|6|tcp|127.0.0.1:PORT|grpc|CERT\n`. CERT is the server certificate's DER in standard base64
 * without `=` padding (Go decodes it with RawStdEncoding); empty when serving plaintext, because
 * a certificate sent to a host that disabled TLS makes go-plugin dereference a nil TLS config.
 */
export function formatHandshakeLine(listen: ListenAddress, certificateDer: Uint8Array | null): string {
  const certificate = certificateDer === null ? '' : Buffer.from(certificateDer).toString('base64').replace(/=+$/, '');
  return `${CORE_PROTOCOL_VERSION}|${PLUGIN_PROTOCOL_VERSION}|${listen.network}|${listen.address}|grpc|${certificate}\n`;
}

/** Parses a handshake line the way go-plugin's client does; for tests and tools. */
export function parseHandshakeLine(line: string): ListenAddress & { readonly certificateDer: Buffer | null } {
  const fields = line.trim().split('|');
  if (fields.length < 5) throw new Error(`not a go-plugin handshake line: ${JSON.stringify(line)}`);
  const [core, version, network, address, protocol, certificate = ''] = fields;
  if (core !== String(CORE_PROTOCOL_VERSION) || version !== String(PLUGIN_PROTOCOL_VERSION) || protocol !== 'grpc') {
    throw new Error(`unexpected handshake fields: ${JSON.stringify(line)}`);
  }
  if (network !== 'tcp' && network !== 'unix') throw new Error(`unexpected network ${network}`);
  // go-plugin treats the field as a certificate only when it is longer than 50 characters.
  return { network, address, certificateDer: certificate.length > 50 ? Buffer.from(certificate, 'base64') : null };
}

/**
 * The TF_REATTACH_PROVIDERS value for a provider serving plaintext at `listen` (debug mode), with
 * one entry per full provider address given. Terraform and OpenTofu expand a short `ns/type`
 * source to different registry hosts, so listing both addresses makes one value work for both.
 */
export function formatReattachValue(providerAddresses: readonly string[], pid: number, listen: ListenAddress): string {
  const entry = {
    Protocol: 'grpc',
    ProtocolVersion: PLUGIN_PROTOCOL_VERSION,
    Pid: pid,
    // Test: true tells the host not to manage the process: no Shutdown, no kill, so one debug
    // provider serves init, plan and apply in turn.
    Test: true,
    Addr: { Network: listen.network, String: listen.address },
  };
  return JSON.stringify(Object.fromEntries(providerAddresses.map((address) => [address, entry])));
}
