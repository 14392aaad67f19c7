/**
 * The go-plugin side services. Terraform calls `GRPCController.Shutdown` when it is done with the
 * provider and SIGKILLs it 2 s later if it is still alive, so Shutdown must end the process
 * promptly. Stdio and broker streams are served (and left silent) so the host's optional
 * goroutines see a healthy plugin rather than errors; health reports "plugin" as SERVING.
 */
import * as grpc from '@grpc/grpc-js';
import { GO_PLUGIN_HEALTH_SERVICE, ServingStatus, goPluginDescriptor } from './go-plugin-descriptor';
import { loadRoot, serviceDefinition } from './grpc-binding';

export interface ServiceRegistration {
  readonly definition: grpc.ServiceDefinition;
  readonly implementation: grpc.UntypedServiceImplementation;
}

export interface GoPluginServices {
  readonly registrations: readonly ServiceRegistration[];
  /** Ends the long-lived streams so a graceful server shutdown does not wait on them. */
  endStreams(): void;
}

const root = loadRoot(goPluginDescriptor);

export function goPluginServices(onShutdownRequested: () => void): GoPluginServices {
  const openStreams = new Set<grpc.ServerWritableStream<object, object> | grpc.ServerDuplexStream<object, object>>();
  const track = (stream: grpc.ServerWritableStream<object, object> | grpc.ServerDuplexStream<object, object>): void => {
    openStreams.add(stream);
    const forget = (): void => void openStreams.delete(stream);
    stream.on('cancelled', forget);
    stream.on('close', forget);
  };

  const controller: ServiceRegistration = {
    definition: serviceDefinition(root, 'plugin.GRPCController'),
    implementation: {
      Shutdown: (_call: grpc.ServerUnaryCall<object, object>, callback: grpc.sendUnaryData<object>) => {
        callback(null, {});
        onShutdownRequested();
      },
    },
  };

  const stdio: ServiceRegistration = {
    definition: serviceDefinition(root, 'plugin.GRPCStdio'),
    implementation: {
      // Our logs go to stderr, which the host already reads; the stream stays open and silent.
      StreamStdio: (call: grpc.ServerWritableStream<object, object>) => track(call),
    },
  };

  const broker: ServiceRegistration = {
    definition: serviceDefinition(root, 'plugin.GRPCBroker'),
    implementation: {
      // Providers never dial back through the broker; accept the stream and close it when the host does.
      StartStream: (call: grpc.ServerDuplexStream<object, object>) => {
        track(call);
        call.on('data', () => undefined);
        call.on('end', () => call.end());
      },
    },
  };

  const statusOf = (service: string): number =>
    service === '' || service === GO_PLUGIN_HEALTH_SERVICE ? ServingStatus.SERVING : ServingStatus.SERVICE_UNKNOWN;
  const health: ServiceRegistration = {
    definition: serviceDefinition(root, 'grpc.health.v1.Health'),
    implementation: {
      Check: (call: grpc.ServerUnaryCall<{ service: string }, object>, callback: grpc.sendUnaryData<object>) => {
        const status = statusOf(call.request.service);
        if (status === ServingStatus.SERVICE_UNKNOWN) {
          callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${call.request.service}` });
        } else {
          callback(null, { status });
        }
      },
      Watch: (call: grpc.ServerWritableStream<{ service: string }, object>) => {
        track(call);
        call.write({ status: statusOf(call.request.service) });
      },
    },
  };

  return {
    registrations: [controller, stdio, broker, health],
    endStreams: () => {
      for (const stream of openStreams) stream.end();
      openStreams.clear();
    },
  };
}
