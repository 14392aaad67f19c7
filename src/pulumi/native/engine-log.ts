/**
 * Warnings shown by the CLI against a resource, through the engine's Log service (the address
 * is the plugin's first argument). `console` output of a provider is not shown to users.
 */
import * as grpc from '@grpc/grpc-js';
import { EngineClient } from '@pulumi/pulumi/proto/engine_grpc_pb';
import { LogRequest, LogSeverity } from '@pulumi/pulumi/proto/engine_pb';

export interface EngineLog {
  warn(urn: string, message: string): Promise<void>;
}

export function engineLog(engineAddress: string | undefined): EngineLog {
  let client: EngineClient | undefined;
  return {
    warn: (urn, message) =>
      new Promise((resolve) => {
        if (!engineAddress) {
          console.error(`warning: ${message}`);
          resolve();
          return;
        }
        client ??= new EngineClient(engineAddress, grpc.credentials.createInsecure());
        const req = new LogRequest();
        req.setSeverity(LogSeverity.WARNING);
        req.setMessage(message);
        req.setUrn(urn);
        // A warning that cannot be delivered must not fail the operation it is about.
        client.log(req, () => resolve());
      }),
  };
}
