/**
 * The one place a resource typed by its schema (`TfResource<B, P>`) meets the adapter, which
 * holds every resource alike and hands each only values it decoded against that resource's own
 * schema. `ModelOf<B>` is computed from `B` at compile time; that a decoded object has that shape
 * is what the codec guarantees at run time, so the two conversions below are the only casts
 * between them, and nothing else in the framework or the resources needs one.
 */
import type { AttributePath } from '../codec/path';
import type { AnyObject } from '../codec/value';
import type { Diagnostics } from './diagnostics';
import type { MoveStateRequest, OperationContext, PlanAdjustment, ProviderDefinition, TfDataSource, TfResource, UpgradeStateRequest } from './resource';
import type { TfListResource } from './list-resource';
import type { BlockSpec } from './schema';

/**
 * A request whose objects were decoded against schema B, as the request of B's models (`T` is
 * taken from the hook being called). Its plain objects hold exactly what ModelOf<B> describes.
 */
const typed = <T>(request: object): T => request as T;
/**
 * A model of schema B, as the adapter's plain object (encoded, and so checked, against B
 * afterwards). Typed from `unknown` because TypeScript cannot relate a generic ModelOf<B> to
 * AnyObject (the instantiation is too deep); callers pass only ModelOf<B> values.
 */
const plain = (model: unknown): AnyObject | null => model as AnyObject | null;

function plainAdjustment(adjustment: { readonly plan?: unknown; readonly requiresReplace?: readonly AttributePath[] }): PlanAdjustment<BlockSpec> {
  const planned = plain(adjustment.plan);
  return { plan: planned ?? undefined, requiresReplace: adjustment.requiresReplace };
}

export function eraseResource<B extends BlockSpec, P>(r: TfResource<B, P>): TfResource<BlockSpec, P> {
  // These take no model, so only their answers widen (to unknown, then plain).
  const imp: ((req: { readonly id: string }, ctx: OperationContext<P>) => Promise<unknown>) | undefined = r.import?.bind(r);
  const upgrade: ((req: UpgradeStateRequest, ctx: { readonly diagnostics: Diagnostics }) => unknown) | undefined = r.upgradeState?.bind(r);
  const move: ((req: MoveStateRequest, ctx: { readonly diagnostics: Diagnostics }) => unknown) | undefined = r.moveState?.bind(r);
  // Optional hooks stay absent when the resource has none: the adapter reads their presence
  // (capabilities, "import not supported").
  return {
    typeName: r.typeName,
    schema: r.schema,
    validate: r.validate ? (req, ctx) => r.validate?.(typed(req), ctx) : undefined,
    plan: r.plan
      ? async (req, ctx) => plainAdjustment((await r.plan?.(typed(req), ctx)) ?? {})
      : undefined,
    planDestroy: r.planDestroy ? (req, ctx) => r.planDestroy?.(typed(req), ctx) : undefined,
    create: (req, ctx) => r.create(typed(req), ctx).then(plain),
    read: (req, ctx) => r.read(typed(req), ctx).then(plain),
    update: (req, ctx) => r.update(typed(req), ctx).then(plain),
    delete: (req, ctx) => r.delete(typed(req), ctx),
    import: imp ? (req, ctx) => imp(req, ctx).then(plain) : undefined,
    upgradeState: upgrade ? (req, ctx) => plain(upgrade(req, ctx)) : undefined,
    moveState: move ? (req, ctx) => plain(move(req, ctx)) : undefined,
  };
}

export function eraseDataSource<B extends BlockSpec, P>(d: TfDataSource<B, P>): TfDataSource<BlockSpec, P> {
  return {
    typeName: d.typeName,
    schema: d.schema,
    validate: d.validate ? (req, ctx) => d.validate?.(typed(req), ctx) : undefined,
    read: (req, ctx) => d.read(typed(req), ctx).then(plain),
  };
}

export function eraseDefinition<B extends BlockSpec, P>(def: ProviderDefinition<B, P>): ProviderDefinition<BlockSpec, P> {
  return {
    typeName: def.typeName,
    schema: def.schema,
    validate: def.validate ? (req, ctx) => def.validate?.(typed(req), ctx) : undefined,
    configure: (req, ctx) => def.configure(typed(req), ctx),
    planDefaults: def.planDefaults ? (p) => def.planDefaults?.(p) ?? {} : undefined,
  };
}

export function eraseListResource<B extends BlockSpec, P>(l: TfListResource<B, P>): TfListResource<BlockSpec, P> {
  return {
    typeName: l.typeName,
    schema: l.schema,
    validate: l.validate ? (req, ctx) => l.validate?.(typed(req), ctx) : undefined,
    list: (req, ctx) => l.list(typed(req), ctx),
  };
}
