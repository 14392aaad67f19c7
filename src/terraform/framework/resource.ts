/**
 * What a resource, a data source and the provider itself implement. The generic adapter
 * (`protocol-adapter.ts`) decodes each request against the schema, calls these methods with
 * typed models, and encodes the answer, applying the protocol's rules (computed values unknown
 * on create, write-only values never returned, requires-replace paths, diagnostics in the OK
 * response) so implementations only hold the resource's own behaviour.
 *
 * Conventions: problems go to `context.diagnostics` (never thrown for user mistakes; a thrown
 * error becomes an error diagnostic too). A method returning a model or null returns null only
 * when there is no object: read → gone, create → nothing was created (an error explains why).
 */
import type { AttributePath } from '../codec/path';
import type { JsonTree } from '../codec/json';
import type { Diagnostics } from './diagnostics';
import type { PrivateState } from './private-state';
import type { BlockSpec, ModelOf, TypeSchema } from './schema';

export interface ClientCapabilitiesInfo {
  /** Terraform ≥ 1.9 / OpenTofu accept deferred changes. */
  readonly deferralAllowed: boolean;
  /** Terraform ≥ 1.11 / OpenTofu ≥ 1.11 keep write-only attributes out of plan and state. */
  readonly writeOnlyAttributesAllowed: boolean;
}

export interface ValidateContext {
  readonly diagnostics: Diagnostics;
  readonly clientCapabilities: ClientCapabilitiesInfo;
}

/** Given to every call that may talk to the API. */
export interface OperationContext<P> {
  readonly diagnostics: Diagnostics;
  /** Aborted when Terraform sends StopProvider (Ctrl-C) or drops the call: pass it to every API request. */
  readonly signal: AbortSignal;
  /** What the provider's `configure` returned (the API client and shared caches). */
  readonly provider: P;
  /** Private data stored beside this resource's state; changes are saved with the response. */
  readonly privateState: PrivateState;
}

export interface PlanRequest<B extends BlockSpec> {
  readonly config: ModelOf<B>;
  /** Null when the resource is being created. */
  readonly state: ModelOf<B> | null;
  /** The plan after the schema's rules (computed → unknown, plan modifiers). */
  readonly plan: ModelOf<B>;
}

export interface PlanAdjustment<B extends BlockSpec> {
  /** The plan to propose instead; write-only attributes are nulled afterwards regardless. */
  readonly plan?: ModelOf<B>;
  /** More attribute paths whose change forces replacement (updates only). */
  readonly requiresReplace?: readonly AttributePath[];
}

export interface UpgradeStateRequest {
  /** The schema version that wrote the stored state. */
  readonly version: number;
  /** The stored attributes, numbers kept as text until typed. */
  readonly rawState: JsonTree;
}

export interface MoveStateRequest {
  readonly sourceProviderAddress: string;
  readonly sourceTypeName: string;
  readonly sourceSchemaVersion: number;
  readonly sourceState: JsonTree;
}

export interface TfResource<B extends BlockSpec = BlockSpec, P = unknown> {
  /** `flashback_provider_api_key`. */
  readonly typeName: string;
  readonly schema: TypeSchema<B>;

  /** Cross-attribute rules ("exactly one of"); attribute validators already ran. Values may be unknown. */
  validate?(request: { readonly config: ModelOf<B> }, context: ValidateContext): void | Promise<void>;
  /** Adjusts a create/update plan beyond what the schema declares. */
  plan?(request: PlanRequest<B>, context: OperationContext<P>): PlanAdjustment<B> | Promise<PlanAdjustment<B>>;
  /**
   * Called when Terraform plans to destroy the object (removal, `terraform destroy`, the destroy
   * half of a replacement): report warnings, or errors to stop the plan before anything is applied.
   */
  planDestroy?(request: { readonly state: ModelOf<B> }, context: OperationContext<P>): void | Promise<void>;

  create(request: { readonly config: ModelOf<B>; readonly plan: ModelOf<B> }, context: OperationContext<P>): Promise<ModelOf<B> | null>;
  /** Refresh. Return null when the object no longer exists: Terraform then plans to create it. */
  read(request: { readonly state: ModelOf<B> }, context: OperationContext<P>): Promise<ModelOf<B> | null>;
  update(
    request: { readonly config: ModelOf<B>; readonly plan: ModelOf<B>; readonly state: ModelOf<B> },
    context: OperationContext<P>,
  ): Promise<ModelOf<B> | null>;
  delete(request: { readonly state: ModelOf<B> }, context: OperationContext<P>): Promise<void>;

  /** `terraform import` / `import {}`: the state to read next, usually just the ids filled in. */
  import?(request: { readonly id: string }, context: OperationContext<P>): Promise<ModelOf<B> | null>;
  /**
   * State written by an older schema version (called only when `version` differs from the
   * schema's). Without it, such state is refused with an error.
   */
  upgradeState?(request: UpgradeStateRequest, context: { readonly diagnostics: Diagnostics }): ModelOf<B> | null;
  /** `moved {}` from another resource type into this one. */
  moveState?(request: MoveStateRequest, context: { readonly diagnostics: Diagnostics }): ModelOf<B> | null;
}

export interface TfDataSource<B extends BlockSpec = BlockSpec, P = unknown> {
  /** `flashback_provider_api_keys`. */
  readonly typeName: string;
  readonly schema: TypeSchema<B>;
  validate?(request: { readonly config: ModelOf<B> }, context: ValidateContext): void | Promise<void>;
  /** Configuration is wholly known here (Terraform defers the read otherwise). */
  read(request: { readonly config: ModelOf<B> }, context: Omit<OperationContext<P>, 'privateState'>): Promise<ModelOf<B> | null>;
}

export interface ProviderDefinition<B extends BlockSpec = BlockSpec, P = unknown> {
  /** `flashback`: resource type names must start with `flashback_`. */
  readonly typeName: string;
  readonly schema: TypeSchema<B>;
  validate?(request: { readonly config: ModelOf<B> }, context: ValidateContext): void | Promise<void>;
  /**
   * Builds what resources receive as `context.provider`. Values may be unknown during plan when
   * the provider block references resources not yet created. Return null after reporting an error.
   */
  configure(
    request: { readonly config: ModelOf<B>; readonly terraformVersion: string },
    context: { readonly diagnostics: Diagnostics; readonly signal: AbortSignal },
  ): Promise<P | null>;
  /**
   * Values from the provider's configuration that resources' attributes may default to, by
   * name, read by the `providerDefault` plan modifier (a resource's `workspace_id`); null when unset.
   */
  planDefaults?(provider: P): ProviderDefaults;
}

/** What `planDefaults` returns. */
export type ProviderDefaults = { readonly [name: string]: string | null };
