/**
 * The one adapter from a core resource model to a Pulumi dynamic resource. Output
 * properties, secret inputs, `additionalSecretOutputs` and the deletion-guard hooks are all
 * derived from the model's field specs; the concrete classes add only their names and types.
 */
import * as pulumi from '@pulumi/pulumi';
import { type FieldSpec, type ResourceModel, inputFields } from '../core';
import { ADOPT_KEY, KEY_URN_INPUT } from './provider-impl';
import { providerShim } from './shim';
import { currentLedger, keyUrnOf, trackDependent, trackKey } from './guard';

/** `module` of every Flashback dynamic resource: the type token is `pulumi-nodejs:dynamic/flashback:<Name>`. */
export const PULUMI_MODULE = 'flashback';

export const pulumiTypeToken = (model: { pulumiName: string }): string => `pulumi-nodejs:dynamic/${PULUMI_MODULE}:${model.pulumiName}`;

/** `T` without its index signature: the core's input/state interfaces carry one for generic code. */
export type KnownProps<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };

/** Core inputs as Pulumi args: every value an Input; the workspace defaults to `flashback:workspaceId`. */
export type PulumiArgs<T> = {
  [K in keyof KnownProps<T> as K extends 'workspaceId' ? never : K]: pulumi.Input<KnownProps<T>[K]>;
} & {
  workspaceId?: pulumi.Input<string>;
  /**
   * Take over the existing object with this id instead of creating one (`pulumi import` does not
   * work for dynamic resources). It must exist in `workspaceId`; the declared inputs are then
   * applied to it in place. Ignored after the first `up`: it may stay or be removed.
   */
  adoptId?: pulumi.Input<string>;
};

/** Core state as Pulumi outputs (without `id`, which every resource already has). */
export type PulumiOutputs<T> = {
  readonly [K in keyof KnownProps<T> as K extends 'id' ? never : K]-?: pulumi.Output<KnownProps<T>[K]>;
};

/** Outputs: every field but the id. */
export const outputFields = (model: ResourceModel): FieldSpec[] => model.fields.filter((f) => f.prop !== 'id');
/** Stored as Pulumi secrets, in inputs and outputs. */
export const secretProps = (model: ResourceModel): string[] => model.fields.filter((f) => f.sensitive).map((f) => f.prop);

const BRAND = Symbol.for('flashback-iac/pulumi/resource');

function mergeHooks(opts: pulumi.CustomResourceOptions | undefined, hook: pulumi.ResourceHook | undefined): pulumi.ResourceHookBinding | undefined {
  if (!hook) return opts?.hooks;
  const hooks = opts?.hooks ?? {};
  return { ...hooks, beforeDelete: [...(hooks.beforeDelete ?? []), hook] };
}

/** The Pulumi name (`ProviderApiKey`, ...) of a Flashback resource, else undefined. */
export function flashbackKindOf(obj: unknown): string | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const v = (obj as Record<symbol, unknown>)[BRAND];
  return typeof v === 'string' ? v : undefined;
}

const isProviderApiKey = (r: unknown): r is pulumi.CustomResource => flashbackKindOf(r) === 'ProviderApiKey';

/** Base of ProviderApiKey, StorageBucket and AiLlm. */
export abstract class FlashbackResource extends pulumi.dynamic.Resource {
  /** Brand check that works across copies of this package (no `instanceof`). */
  static isFlashbackResource(obj: unknown): obj is FlashbackResource {
    return flashbackKindOf(obj) !== undefined;
  }

  protected constructor(model: ResourceModel, name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {};
    for (const f of outputFields(model)) props[f.prop] = undefined;
    const secrets = new Set(secretProps(model));
    const known = new Set([...inputFields(model).map((f) => f.prop), ADOPT_KEY]);
    for (const [k, v] of Object.entries(args)) {
      // Unknown names are passed on: the provider's check names them in its failure.
      if (!known.has(k) && v === undefined) continue;
      props[k] = secrets.has(k) && v !== undefined ? pulumi.secret(v) : v;
    }
    const ledger = currentLedger();
    const hook = model.consumer ? ledger.dependentHook : ledger.keyHook;
    // Lets the dependent's delete hook learn, in a later update, whether that update deletes its key too.
    const keyUrn = model.consumer && ledger.enabled ? keyUrnOf(args.providerApiKeyId, isProviderApiKey) : undefined;
    if (keyUrn) props[KEY_URN_INPUT] = keyUrn;
    super(
      providerShim(model.pulumiName),
      name,
      props,
      {
        ...opts,
        additionalSecretOutputs: [...new Set([...(opts?.additionalSecretOutputs ?? []), ...secrets])],
        hooks: mergeHooks(opts, hook),
      },
      PULUMI_MODULE,
      model.pulumiName,
    );
    Object.defineProperty(this, BRAND, { value: model.pulumiName, enumerable: false });
    // A consumer tells the run's deletion guard which key it uses; a key that it exists.
    if (model.consumer) trackDependent(this, name, pulumiTypeToken(model), model.kind, args.providerApiKeyId, opts);
    else trackKey(this, name, pulumiTypeToken(model), opts);
  }
}

/** What {@link flashbackResourceClass} makes: a class with Pulumi's static conventions. */
export interface FlashbackResourceClass<Args, R> {
  new (name: string, args: Args, opts?: pulumi.CustomResourceOptions): R;
  /** The type token, as Pulumi's generated classes carry it. */
  readonly __pulumiType: string;
  /** Takes over the existing object `id` (see `adoptId`) instead of creating one. */
  adopt(name: string, id: pulumi.Input<string>, args: Omit<Args, 'adoptId'>, opts?: pulumi.CustomResourceOptions): R;
  /** Brand check that works across copies of this package (no `instanceof`). */
  isInstance(obj: unknown): obj is R;
}

/**
 * The class of one Flashback resource, made from its core model: the three resources differ
 * only in that data. Outputs are typed by `Outputs` and set by Pulumi in the constructor, never
 * declared as class fields (which would overwrite them); that typing is the one cast here.
 */
export function flashbackResourceClass<Args extends object, Outputs>(model: ResourceModel): FlashbackResourceClass<Args, FlashbackResource & Outputs> {
  class Resource extends FlashbackResource {
    static readonly __pulumiType = pulumiTypeToken(model);

    static adopt(name: string, id: pulumi.Input<string>, args: Omit<Args, 'adoptId'>, opts?: pulumi.CustomResourceOptions): Resource {
      return new Resource(name, { ...args, [ADOPT_KEY]: id }, opts);
    }

    static override isInstance(obj: unknown): obj is Resource {
      return flashbackKindOf(obj) === model.pulumiName;
    }

    constructor(name: string, args: object, opts?: pulumi.CustomResourceOptions) {
      super(model, name, { ...args }, opts);
    }
  }
  Object.defineProperty(Resource, 'name', { value: model.pulumiName });
  return Resource as unknown as FlashbackResourceClass<Args, FlashbackResource & Outputs>;
}
