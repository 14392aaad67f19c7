/**
 * A go-plugin-like client for tests: connects where a handshake line says, with AutoMTLS as
 * Terraform does it (our client certificate; the server's certificate from the handshake as the
 * only trusted root; server name `localhost`), and calls methods by their gRPC path.
 */
import * as grpc from '@grpc/grpc-js';
import { X509Certificate } from 'node:crypto';
import { goPluginDescriptor } from '../../../src/terraform/protocol/go-plugin-descriptor';
import { deserializerFor, loadRoot, serializerFor } from '../../../src/terraform/protocol/grpc-binding';
import type { ListenAddress } from '../../../src/terraform/protocol/handshake';
import { tfplugin6Descriptor } from '../../../src/terraform/protocol/tfplugin6-descriptor';
import { generateServerCertificate, type ServerCertificate } from '../../../src/terraform/protocol/auto-mtls';

const roots = [loadRoot(tfplugin6Descriptor), loadRoot(goPluginDescriptor)];

export interface ClientTls {
  /** The server certificate from the handshake line (DER). */
  readonly serverCertificateDer: Buffer;
  /** The client's own certificate and key (Terraform's PLUGIN_CLIENT_CERT and its key). */
  readonly client: ServerCertificate;
}

/** A client certificate like go-plugin's: self-signed, `localhost`, client+server auth. */
export function clientCertificate(): ServerCertificate {
  return generateServerCertificate();
}

export class PluginClient {
  private readonly client: grpc.Client;

  constructor(listen: ListenAddress, tls: ClientTls | null) {
    const target = listen.network === 'unix' ? `unix:${listen.address}` : listen.address;
    const credentials =
      tls === null
        ? grpc.credentials.createInsecure()
        : grpc.credentials.createSsl(
            Buffer.from(new X509Certificate(tls.serverCertificateDer).toString()),
            Buffer.from(tls.client.privateKeyPem),
            Buffer.from(tls.client.certificatePem),
          );
    this.client = new grpc.Client(target, credentials, { 'grpc.ssl_target_name_override': 'localhost' });
  }

  /** Calls `/<service>/<method>` (e.g. `tfplugin6.Provider`, `GetProviderSchema`) with our message types. */
  call<Response = Record<string, unknown>>(service: string, method: string, request: object = {}): Promise<Response> {
    const { requestType, responseType } = this.types(service, method);
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        `/${service}/${method}`,
        serializerFor(requestType),
        deserializerFor(responseType),
        request,
        { deadline: Date.now() + 10_000 },
        (error, response) => (error ? reject(error) : resolve(response as Response)),
      );
    });
  }

  /** Calls a server-streaming method and collects every message until the stream ends (rejects on an error status). */
  stream<Event = Record<string, unknown>>(service: string, method: string, request: object = {}): Promise<Event[]> {
    const { requestType, responseType } = this.types(service, method);
    return new Promise((resolve, reject) => {
      const events: Event[] = [];
      const stream = this.client.makeServerStreamRequest(
        `/${service}/${method}`,
        serializerFor(requestType),
        deserializerFor(responseType),
        request,
        new grpc.Metadata(),
        { deadline: Date.now() + 10_000 },
      );
      stream.on('data', (event: Event) => events.push(event));
      stream.on('error', reject);
      stream.on('end', () => resolve(events));
    });
  }

  private types(service: string, method: string) {
    const found = roots.map((root) => root.lookup(service)).find((entry) => entry !== null);
    if (found === undefined || !('methods' in found)) throw new Error(`unknown service ${service}`);
    const definition = (found as unknown as { methods: Record<string, { requestType: string; responseType: string }> }).methods[method];
    const parent = found.parent!;
    return { requestType: parent.lookupType(definition.requestType), responseType: parent.lookupType(definition.responseType) };
  }

  /** Calls any path with an empty request, for methods we do not define. */
  callRaw(path: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        path,
        (value: Buffer) => value,
        (value: Buffer) => value,
        Buffer.alloc(0),
        { deadline: Date.now() + 10_000 },
        (error, response) => (error ? reject(error) : resolve(response as Buffer)),
      );
    });
  }

  /** Opens a server stream and collects what arrives within `ms`. */
  collectStream(path: string, ms: number): Promise<{ messages: number; ended: boolean }> {
    return new Promise((resolve) => {
      let messages = 0;
      let ended = false;
      const stream = this.client.makeServerStreamRequest(
        path,
        (value: Buffer) => value,
        (value: Buffer) => value,
        Buffer.alloc(0),
      );
      stream.on('data', () => messages++);
      stream.on('error', () => (ended = true));
      stream.on('end', () => (ended = true));
      setTimeout(() => {
        stream.cancel();
        resolve({ messages, ended });
      }, ms);
    });
  }

  close(): void {
    this.client.close();
  }
}
