/**
 * Serves a provider with `@pulumi/pulumi/provider`'s gRPC server, plus the provider
 * configuration that server leaves out (measured with @pulumi/pulumi 3.270.0): its `Configure`
 * answers without passing the configuration on, and `CheckConfig` is UNIMPLEMENTED, so stack
 * config such as `flashback:token` would never reach the provider.
 *
 * The SDK does not export its server class, only `main`, which builds a `grpc.Server` and adds
 * the provider service to it. So `serve` wraps the service implementation at that one point
 * (`grpc.Server.prototype.addService`, for the duration of the `main` call) and answers
 * `Configure`, `CheckConfig` and `Diff` (whose SDK reply names no property) itself; every
 * other call is the SDK's.
 */
import * as grpc from '@grpc/grpc-js';
// @pulumi/pulumi's own protobuf runtime (its proto stubs are built on it).
import { Struct, type JavaScriptValue } from 'google-protobuf/google/protobuf/struct_pb';
import * as provrpc from '@pulumi/pulumi/proto/provider_grpc_pb';
import * as provproto from '@pulumi/pulumi/proto/provider_pb';
import { main, type CheckFailure, type Provider } from '@pulumi/pulumi/provider';
import type { PropertyBag } from '../provider-impl';
import { unwrapSecrets, wrapSecrets } from './secrets';

/** A property a diff changes, and whether the change replaces the object. */
export interface PropertyChange {
  prop: string;
  kind: 'add' | 'delete' | 'update';
  replace: boolean;
}

export interface DetailedDiff {
  changes: boolean;
  replaces: string[];
  changed: PropertyChange[];
  deleteBeforeReplace: boolean;
}

/** What the SDK's server lacks: the provider configuration, and a diff that says which properties change. */
export interface NativeProvider extends Provider {
  /** Problems with the provider's inputs (`apiUrl`, `token`, ...), each naming the property. */
  checkConfig(news: PropertyBag): CheckFailure[];
  /** Provider inputs kept secret in state even when given in plain text (`token`). */
  readonly secretConfig: readonly string[];
  /** Called with the configuration, secrets unwrapped, keyed by the plain names (`token`, not `flashback:token`). */
  configure(values: PropertyBag): void;
  /** The SDK's diff reply has no property list, so the CLI would guess it from the inputs (secrets look alike). */
  detailedDiff(id: string, urn: string, olds: PropertyBag, news: PropertyBag): Promise<DetailedDiff>;
}

const KIND = {
  add: [provproto.PropertyDiff.Kind.ADD, provproto.PropertyDiff.Kind.ADD_REPLACE],
  delete: [provproto.PropertyDiff.Kind.DELETE, provproto.PropertyDiff.Kind.DELETE_REPLACE],
  update: [provproto.PropertyDiff.Kind.UPDATE, provproto.PropertyDiff.Kind.UPDATE_REPLACE],
} as const;

export function diffResponse(d: DetailedDiff): provproto.DiffResponse {
  const resp = new provproto.DiffResponse();
  resp.setChanges(d.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE);
  resp.setReplacesList(d.replaces);
  resp.setDeletebeforereplace(d.deleteBeforeReplace);
  resp.setDiffsList(d.changed.map((c) => c.prop));
  const detailed = resp.getDetaileddiffMap();
  for (const c of d.changed) {
    const pd = new provproto.PropertyDiff();
    pd.setKind(KIND[c.kind][c.replace ? 1 : 0]);
    pd.setInputdiff(true);
    detailed.set(c.prop, pd);
  }
  resp.setHasdetaileddiff(true);
  return resp;
}

type Callback<T> = (err: grpc.ServiceError | null, value?: T) => void;
type Unary<Req, Res> = (call: { request: Req }, callback: Callback<Res>) => void;
type ServiceImpl = Record<string, unknown>;

/** `variables` is the deprecated form (`flashback:config:token`), kept for engines that send only it. */
export function configurationOf(req: provproto.ConfigureRequest): PropertyBag {
  const values: PropertyBag = {};
  for (const [k, v] of req.getVariablesMap().entries()) {
    const m = /^[^:]+:config:(.+)$/.exec(k);
    if (m) values[m[1]] = v;
  }
  return { ...values, ...unwrapSecrets(req.getArgs()?.toJavaScript()).plain };
}

function withConfiguration(impl: ServiceImpl, cfg: NativeProvider): ServiceImpl {
  const configure: Unary<provproto.ConfigureRequest, provproto.ConfigureResponse> = (call, callback) => {
    try {
      cfg.configure(configurationOf(call.request));
    } catch (e) {
      callback(serviceError(grpc.status.INVALID_ARGUMENT, e));
      return;
    }
    const resp = new provproto.ConfigureResponse();
    resp.setAcceptsecrets(true);
    resp.setAcceptresources(true);
    // No preview: Create and Update must never run during a preview (the SDK does not say which it is).
    resp.setSupportspreview(false);
    resp.setAcceptoutputs(false);
    callback(null, resp);
  };
  const checkConfig: Unary<provproto.CheckRequest, provproto.CheckResponse> = (call, callback) => {
    try {
      const news = (call.request.getNews()?.toJavaScript() ?? {}) as PropertyBag;
      const failures = cfg.checkConfig(unwrapSecrets(news).plain);
      const resp = new provproto.CheckResponse();
      resp.setInputs(Struct.fromJavaScript(wrapSecrets(news, cfg.secretConfig) as Record<string, JavaScriptValue>));
      resp.setFailuresList(
        failures.map((f) => {
          const failure = new provproto.CheckFailure();
          failure.setProperty(f.property);
          failure.setReason(f.reason);
          return failure;
        }),
      );
      callback(null, resp);
    } catch (e) {
      callback(serviceError(grpc.status.INTERNAL, e));
    }
  };
  const diff: Unary<provproto.DiffRequest, provproto.DiffResponse> = (call, callback) => {
    const req = call.request;
    cfg.detailedDiff(req.getId(), req.getUrn(), (req.getOlds()?.toJavaScript() ?? {}) as PropertyBag, (req.getNews()?.toJavaScript() ?? {}) as PropertyBag).then(
      (d) => callback(null, diffResponse(d)),
      (e: unknown) => callback(serviceError(grpc.status.UNKNOWN, e)),
    );
  };
  // The SDK's methods use `this`: keep it as the prototype.
  const wrapped: ServiceImpl = Object.create(impl) as ServiceImpl;
  wrapped.configure = configure;
  wrapped.checkConfig = checkConfig;
  wrapped.diff = diff;
  return wrapped;
}

function serviceError(code: grpc.status, e: unknown): grpc.ServiceError {
  const message = e instanceof Error ? e.message : String(e);
  return Object.assign(new Error(message), { code, details: message, metadata: new grpc.Metadata() });
}

/** Runs the provider server; prints the port on stdout, as the engine expects. */
export async function serve(provider: NativeProvider, args: string[]): Promise<void> {
  const proto = grpc.Server.prototype;
  const original = proto.addService;
  proto.addService = function addService(this: grpc.Server, service, implementation) {
    const impl = service === provrpc.ResourceProviderService ? withConfiguration(implementation as ServiceImpl, provider) : implementation;
    return original.call(this, service, impl as typeof implementation);
  };
  try {
    await main(provider, args);
  } finally {
    proto.addService = original;
  }
}
