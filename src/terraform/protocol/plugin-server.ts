/**
 * The gRPC server a plugin host connects to: tfplugin6.Provider plus the go-plugin side services,
 * bound to loopback TCP (managed mode) or a unix socket (debug mode).
 */
import * as grpc from '@grpc/grpc-js';
import { goPluginServices } from './go-plugin-services';
import type { EarlyListener } from './early-listener';
import { loadRoot, serviceDefinition, serviceImplementation } from './grpc-binding';
import type { ListenAddress } from './handshake';
import { tfplugin6Descriptor } from './tfplugin6-descriptor';
import type { Tfplugin6Handlers } from './tfplugin6-messages';

export type ListenRequest =
  | { readonly network: 'tcp'; readonly minPort: number; readonly maxPort: number }
  | { readonly network: 'unix'; readonly path: string }
  /** A port bound (and announced) before gRPC loaded: its connections are handed to the server. */
  | { readonly network: 'listener'; readonly listener: EarlyListener };

export interface PluginServerOptions {
  readonly handlers: Tfplugin6Handlers;
  readonly listen: ListenRequest;
  readonly credentials: grpc.ServerCredentials;
  /** The host called GRPCController.Shutdown (the response has been sent). */
  readonly onShutdownRequested: () => void;
  /** A handler threw: a provider bug, logged by the caller. */
  readonly onInternalError: (method: string, error: unknown) => void;
  /** A tfplugin6 call was answered, after this many milliseconds. */
  readonly onCallCompleted?: (method: string, milliseconds: number) => void;
}

export interface PluginServer {
  readonly listen: ListenAddress;
  /** Graceful stop, forced after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const tfplugin6Root = loadRoot(tfplugin6Descriptor);
export const PROVIDER_SERVICE = 'tfplugin6.Provider';

export async function startPluginServer(options: PluginServerOptions): Promise<PluginServer> {
  const server = new grpc.Server({
    // Terraform sends and accepts messages up to 2 GiB; grpc-js would cap receives at 4 MiB.
    'grpc.max_receive_message_length': -1,
    'grpc.max_send_message_length': -1,
  });
  const providerService = serviceDefinition(tfplugin6Root, PROVIDER_SERVICE);
  server.addService(providerService, serviceImplementation(providerService, options.handlers, options));
  const sideServices = goPluginServices(options.onShutdownRequested);
  for (const { definition, implementation } of sideServices.registrations) server.addService(definition, implementation);

  const listen = await bind(server, options.listen, options.credentials);
  const early = options.listen.network === 'listener' ? options.listen.listener : null;
  return {
    listen,
    stop: (graceMs = 500) =>
      new Promise<void>((resolve) => {
        sideServices.endStreams();
        void early?.close();
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        force.unref();
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

async function bind(server: grpc.Server, listen: ListenRequest, credentials: grpc.ServerCredentials): Promise<ListenAddress> {
  if (listen.network === 'listener') {
    const injector = server.createConnectionInjector(credentials);
    listen.listener.handOver((socket) => {
      injector.injectConnection(socket);
      // TLS reads the held socket by itself; plain HTTP/2 needs it flowing again.
      if (!credentials._isSecure()) socket.resume();
    });
    return { network: 'tcp', address: listen.listener.address };
  }
  if (listen.network === 'unix') {
    await bindOnce(server, `unix:${listen.path}`, credentials);
    return { network: 'unix', address: listen.path };
  }
  // go-plugin's PLUGIN_MIN_PORT/PLUGIN_MAX_PORT; Terraform sends 0/0, meaning any free port.
  if (listen.minPort <= 0 || listen.maxPort <= 0) {
    const port = await bindOnce(server, '127.0.0.1:0', credentials);
    return { network: 'tcp', address: `127.0.0.1:${port}` };
  }
  let lastError: unknown = null;
  for (let candidate = listen.minPort; candidate <= listen.maxPort; candidate++) {
    try {
      const port = await bindOnce(server, `127.0.0.1:${candidate}`, credentials);
      return { network: 'tcp', address: `127.0.0.1:${port}` };
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`no free port between ${listen.minPort} and ${listen.maxPort}: ${String(lastError)}`);
}

function bindOnce(server: grpc.Server, target: string, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(target, credentials, (error, port) => (error ? reject(error) : resolve(port)));
  });
}
