/**
 * Our definitions of the side services a go-plugin host may call on a plugin: `plugin.GRPCController`
 * (Shutdown), `plugin.GRPCStdio`, `plugin.GRPCBroker`, and the standard `grpc.health.v1.Health`
 * that go-plugin's Ping uses with service name "plugin". Only the service paths and field numbers
 * matter on the wire; message type names are ours.
 */
import type { INamespace } from 'protobufjs';
import { enumOf, field, message, service } from './descriptor-helpers';

export const goPluginDescriptor: INamespace = {
  nested: {
    plugin: {
      nested: {
        Empty: message({}),
        StdioData: message(
          { channel: field(1, 'Channel'), data: field(2, 'bytes') },
          { nested: { Channel: enumOf({ INVALID: 0, STDOUT: 1, STDERR: 2 }) } },
        ),
        ConnInfo: message(
          {
            service_id: field(1, 'uint32'),
            network: field(2, 'string'),
            address: field(3, 'string'),
            knock: field(4, 'Knock'),
          },
          { nested: { Knock: message({ knock: field(1, 'bool'), ack: field(2, 'bool'), error: field(3, 'string') }) } },
        ),
        GRPCController: service({ Shutdown: ['Empty', 'Empty'] }),
        GRPCStdio: service({ StreamStdio: ['Empty', 'StdioData', 'server'] }),
        GRPCBroker: service({ StartStream: ['ConnInfo', 'ConnInfo', 'bidi'] }),
      },
    },
    grpc: {
      nested: {
        health: {
          nested: {
            v1: {
              nested: {
                HealthCheckRequest: message({ service: field(1, 'string') }),
                HealthCheckResponse: message(
                  { status: field(1, 'ServingStatus') },
                  { nested: { ServingStatus: enumOf({ UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 }) } },
                ),
                Health: service({
                  Check: ['HealthCheckRequest', 'HealthCheckResponse'],
                  Watch: ['HealthCheckRequest', 'HealthCheckResponse', 'server'],
                }),
              },
            },
          },
        },
      },
    },
  },
};

/** go-plugin registers its health status under this service name. */
export const GO_PLUGIN_HEALTH_SERVICE = 'plugin';

export const ServingStatus = { SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } as const;
export const StdioChannel = { STDOUT: 1, STDERR: 2 } as const;
