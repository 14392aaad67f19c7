/**
 * Turns our protobufjs descriptors into grpc-js service definitions, and typed async handlers
 * into grpc-js implementations (unary, and server streaming from an async iterable). No code
 * generation: protobufjs reflection encodes and decodes, and requests are decoded with defaults
 * so handlers never see `undefined` scalars.
 */
import * as grpc from '@grpc/grpc-js';
import { Root, type INamespace, type Method, type Service, type Type } from 'protobufjs';
import { generateCodecsOnUse } from './codecs-on-use';

const DECODE_OPTIONS = { defaults: true, longs: Number, enums: Number, arrays: true, objects: true } as const;

/** The reflection tree of `descriptor`, whose message types generate each codec when first called. */
export function loadRoot(descriptor: INamespace): Root {
  const root = Root.fromJSON(descriptor);
  generateCodecsOnUse(root);
  return root;
}

/** `tfplugin6.Provider` → grpc-js definition with paths `/tfplugin6.Provider/<Method>`. */
export function serviceDefinition(root: Root, serviceName: string): grpc.ServiceDefinition {
  const service: Service = root.lookupService(serviceName);
  const definition: Record<string, grpc.MethodDefinition<object, object>> = {};
  for (const method of service.methodsArray) {
    const requestType = resolveType(service, method, method.requestType);
    const responseType = resolveType(service, method, method.responseType);
    definition[method.name] = {
      path: `/${serviceName}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: serializerFor(requestType),
      requestDeserialize: deserializerFor(requestType),
      responseSerialize: serializerFor(responseType),
      responseDeserialize: deserializerFor(responseType),
      originalName: method.name,
    };
  }
  return definition;
}

function resolveType(service: Service, method: Method, name: string): Type {
  const type = service.parent?.lookupType(name);
  if (type === undefined) throw new Error(`${service.name}.${method.name}: message type ${name} not found`);
  return type;
}

export function serializerFor(type: Type): (value: object) => Buffer {
  return (value) => Buffer.from(type.encode(type.fromObject(value as Record<string, unknown>)).finish());
}

export function deserializerFor(type: Type): (bytes: Buffer) => object {
  return (bytes) => type.toObject(type.decode(bytes), DECODE_OPTIONS);
}

/**
 * Thrown by a handler for a method this server declares but does not offer (a provider without
 * resource identity answering GetResourceIdentitySchemas): answered with UNIMPLEMENTED, which
 * is what plugin hosts expect from a provider without the feature.
 */
export class UnimplementedMethodError extends Error {
  constructor(method: string) {
    super(`${method} is not implemented by this provider`);
    this.name = 'UnimplementedMethodError';
  }
}

/** What a handler receives besides the request. */
export interface UnaryContext {
  /** Aborted when the host cancels this call (deadline, connection closed). */
  readonly signal: AbortSignal;
}

/**
 * grpc-js implementations of the methods in `definition`, from an object of handlers (methods
 * may live on a class prototype): async functions for unary methods, functions returning an
 * async iterable for server-streaming ones. A method without a handler is left out, so grpc-js
 * answers it UNIMPLEMENTED. A handler that throws is a bug in the provider, not a user mistake
 * (those are diagnostics in an OK response): it is logged via `onInternalError` and answered
 * with INTERNAL, without echoing request data.
 */
export function serviceImplementation(
  definition: grpc.ServiceDefinition,
  handlers: object,
  hooks: {
    readonly onInternalError: (method: string, error: unknown) => void;
    /** Every call's method and duration, for trace logs (never the payload: it holds secrets). */
    readonly onCallCompleted?: (method: string, milliseconds: number) => void;
  },
): grpc.UntypedServiceImplementation {
  const implementation: grpc.UntypedServiceImplementation = {};
  const failure = (name: string, error: unknown): Partial<grpc.StatusObject> => {
    if (error instanceof UnimplementedMethodError) return { code: grpc.status.UNIMPLEMENTED, details: error.message };
    hooks.onInternalError(name, error);
    return { code: grpc.status.INTERNAL, details: `provider internal error in ${name}; see the provider log` };
  };
  for (const [name, method] of Object.entries(definition)) {
    const handler: unknown = (handlers as Record<string, unknown>)[name];
    if (typeof handler !== 'function') continue;
    if (method.responseStream) {
      implementation[name] = (call: grpc.ServerWritableStream<object, object>) => {
        const started = performance.now();
        const cancelled = new AbortController();
        call.on('cancelled', () => cancelled.abort(new Error(`${name} cancelled by the client`)));
        const stream = async (): Promise<void> => {
          const events = (handler as (request: object, context: UnaryContext) => AsyncIterable<object>).call(
            handlers,
            call.request,
            { signal: cancelled.signal },
          );
          for await (const event of events) {
            if (cancelled.signal.aborted) return;
            // Respect back-pressure: a slow host is not flooded with buffered events.
            if (!call.write(event)) await new Promise((resolve) => call.once('drain', resolve));
          }
        };
        stream()
          .finally(() => hooks.onCallCompleted?.(name, performance.now() - started))
          .then(
            () => call.end(),
            (error: unknown) => {
              // grpc-js turns an 'error' event into the stream's final status.
              if (!cancelled.signal.aborted) call.emit('error', failure(name, error));
            },
          );
      };
      continue;
    }
    implementation[name] = (call: grpc.ServerUnaryCall<object, object>, callback: grpc.sendUnaryData<object>) => {
      const started = performance.now();
      const cancelled = new AbortController();
      call.on('cancelled', () => cancelled.abort(new Error(`${name} cancelled by the client`)));
      (handler as (request: object, context: UnaryContext) => Promise<object>)
        .call(handlers, call.request, { signal: cancelled.signal })
        .finally(() => hooks.onCallCompleted?.(name, performance.now() - started))
        .then(
          (response) => callback(null, response),
          (error: unknown) => callback(failure(name, error)),
        );
    };
  }
  return implementation;
}
