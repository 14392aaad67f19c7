/**
 * tfplugin6 handlers that are loaded on first use. The handshake needs the gRPC server and the
 * service definitions, not the provider (its schema, core models, zod, the protocol adapter): a
 * process that prints its handshake first and loads those afterwards answers go-plugin sooner,
 * and the loading overlaps the host's connection and TLS set-up instead of preceding them.
 */
import type { CallContext, Tfplugin6Handlers } from './tfplugin6-messages';

type Method = keyof Tfplugin6Handlers;
/** The methods that answer with one promise (every one but the server-streaming ListResource). */
type Unary = Exclude<Method, 'ListResource'>;
type RequestOf<M extends Method> = Parameters<Tfplugin6Handlers[M]>[0];
type AnswerOf<M extends Unary> = Awaited<ReturnType<Tfplugin6Handlers[M]>>;
/**
 * The unary handlers, written as one mapped type so that `handlers[m]` for a generic `m` is a
 * function of `m`'s own request and answer (TypeScript relates the two only through such a map).
 */
type UnaryHandlers = { [M in Unary]: (request: RequestOf<M>, context: CallContext) => Promise<AnswerOf<M>> };

export interface DeferredHandlers {
  readonly handlers: Tfplugin6Handlers;
  /** Starts loading now (idempotent); resolves when the handlers are ready. */
  load(): Promise<Tfplugin6Handlers>;
}

export function deferredHandlers(make: () => Promise<Tfplugin6Handlers>): DeferredHandlers {
  let loading: Promise<Tfplugin6Handlers> | null = null;
  const load = (): Promise<Tfplugin6Handlers> => (loading ??= make());
  const unary = <M extends Unary>(method: M): ((request: RequestOf<M>, context: CallContext) => Promise<AnswerOf<M>>) => {
    const loadUnary: () => Promise<UnaryHandlers> = load;
    return (request, context) => loadUnary().then((target) => target[method](request, context));
  };
  // An object literal typed as the interface: a method added to tfplugin6 and not listed here
  // does not compile.
  const handlers: Tfplugin6Handlers = {
    GetMetadata: unary('GetMetadata'),
    GetProviderSchema: unary('GetProviderSchema'),
    ValidateProviderConfig: unary('ValidateProviderConfig'),
    ValidateResourceConfig: unary('ValidateResourceConfig'),
    ValidateDataResourceConfig: unary('ValidateDataResourceConfig'),
    UpgradeResourceState: unary('UpgradeResourceState'),
    GetResourceIdentitySchemas: unary('GetResourceIdentitySchemas'),
    UpgradeResourceIdentity: unary('UpgradeResourceIdentity'),
    ConfigureProvider: unary('ConfigureProvider'),
    ReadResource: unary('ReadResource'),
    PlanResourceChange: unary('PlanResourceChange'),
    ApplyResourceChange: unary('ApplyResourceChange'),
    ImportResourceState: unary('ImportResourceState'),
    MoveResourceState: unary('MoveResourceState'),
    ReadDataSource: unary('ReadDataSource'),
    ValidateListResourceConfig: unary('ValidateListResourceConfig'),
    GetFunctions: unary('GetFunctions'),
    StopProvider: unary('StopProvider'),
    async *ListResource(request, context) {
      yield* (await load()).ListResource(request, context);
    },
  };
  return { handlers, load };
}
