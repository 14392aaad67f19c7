/**
 * tfplugin6 handlers that are loaded on first use. The handshake needs the gRPC server and the
 * service definitions, not the provider (its schema, core models, zod, the protocol adapter): a
 * process that prints its handshake first and loads those afterwards answers go-plugin sooner,
 * and the loading overlaps the host's connection and TLS set-up instead of preceding them.
 */
import type { Tfplugin6Handlers } from './tfplugin6-messages';

/** Every tfplugin6 method we serve; `satisfies` keeps it in step with the handlers interface. */
const METHODS = [
  'GetMetadata',
  'GetProviderSchema',
  'ValidateProviderConfig',
  'ValidateResourceConfig',
  'ValidateDataResourceConfig',
  'UpgradeResourceState',
  'GetResourceIdentitySchemas',
  'UpgradeResourceIdentity',
  'ConfigureProvider',
  'ReadResource',
  'PlanResourceChange',
  'ApplyResourceChange',
  'ImportResourceState',
  'MoveResourceState',
  'ReadDataSource',
  'ValidateListResourceConfig',
  'GetFunctions',
  'StopProvider',
] as const satisfies readonly (keyof Tfplugin6Handlers)[];
/** Server-streaming methods: they answer with an async iterable, not a promise. */
const STREAMING_METHODS = ['ListResource'] as const satisfies readonly (keyof Tfplugin6Handlers)[];
type AllMethods = Exclude<keyof Tfplugin6Handlers, (typeof METHODS)[number] | (typeof STREAMING_METHODS)[number]> extends never ? true : false;
const everyMethodListed: AllMethods = true;
void everyMethodListed;

export interface DeferredHandlers {
  readonly handlers: Tfplugin6Handlers;
  /** Starts loading now (idempotent); resolves when the handlers are ready. */
  load(): Promise<Tfplugin6Handlers>;
}

export function deferredHandlers(make: () => Promise<Tfplugin6Handlers>): DeferredHandlers {
  let loading: Promise<Tfplugin6Handlers> | null = null;
  const load = (): Promise<Tfplugin6Handlers> => (loading ??= make());
  const handlers = {} as Record<(typeof METHODS)[number], (request: never, context: never) => Promise<unknown>>;
  for (const method of METHODS) {
    handlers[method] = async (request, context) => {
      const target = await load();
      return (target[method] as (request: never, context: never) => Promise<unknown>).call(target, request, context);
    };
  }
  const streaming = {} as Record<(typeof STREAMING_METHODS)[number], (request: never, context: never) => AsyncIterable<unknown>>;
  for (const method of STREAMING_METHODS) {
    streaming[method] = async function* (request, context) {
      const target = await load();
      yield* (target[method] as (request: never, context: never) => AsyncIterable<unknown>).call(target, request, context);
    };
  }
  return { handlers: { ...handlers, ...streaming } as unknown as Tfplugin6Handlers, load };
}
