/**
 * TypeScript shapes of the tfplugin6 messages in `tfplugin6-descriptor.ts`, field for field.
 *
 * Requests are what protobufjs decodes with defaults: every scalar present (empty bytes, "", 0,
 * false), absent sub-messages `null`. Responses are what we hand to the encoder: fields optional,
 * omitted ones encode as the protocol default.
 */

export interface DynamicValue {
  readonly msgpack: Uint8Array;
  readonly json: Uint8Array;
}
/** Responses always answer in MessagePack (Terraform's JSON support in responses is uneven). */
export interface DynamicValueOut {
  readonly msgpack: Uint8Array;
}

export const Severity = { INVALID: 0, ERROR: 1, WARNING: 2 } as const;
export type SeverityCode = (typeof Severity)[keyof typeof Severity];

export type AttributePathStepMessage =
  | { readonly attribute_name: string }
  | { readonly element_key_string: string }
  | { readonly element_key_int: number };
export interface AttributePathMessage {
  readonly steps: readonly AttributePathStepMessage[];
}

export interface DiagnosticMessage {
  readonly severity: SeverityCode;
  readonly summary: string;
  readonly detail?: string;
  readonly attribute?: AttributePathMessage;
}

export interface ClientCapabilities {
  readonly deferral_allowed: boolean;
  readonly write_only_attributes_allowed: boolean;
}

export interface ServerCapabilities {
  readonly plan_destroy?: boolean;
  readonly get_provider_schema_optional?: boolean;
  readonly move_resource_state?: boolean;
}

export interface RawState {
  readonly json: Uint8Array;
  readonly flatmap: { readonly [key: string]: string };
}

export const StringKind = { PLAIN: 0, MARKDOWN: 1 } as const;
export const BlockNesting = { SINGLE: 1, LIST: 2, SET: 3, MAP: 4, GROUP: 5 } as const;

export interface SchemaAttributeMessage {
  readonly name: string;
  readonly type: Uint8Array;
  readonly description?: string;
  readonly description_kind?: number;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
  readonly write_only?: boolean;
}
export interface SchemaNestedBlockMessage {
  readonly type_name: string;
  readonly block: SchemaBlockMessage;
  readonly nesting: number;
  readonly min_items?: number;
  readonly max_items?: number;
}
export interface SchemaBlockMessage {
  readonly version?: number;
  readonly attributes: readonly SchemaAttributeMessage[];
  readonly block_types: readonly SchemaNestedBlockMessage[];
  readonly description?: string;
  readonly description_kind?: number;
  readonly deprecated?: boolean;
}
export interface SchemaMessage {
  readonly version: number;
  readonly block: SchemaBlockMessage;
}

type Diagnostics = { readonly diagnostics?: readonly DiagnosticMessage[] };

/** Resource identity (protocol 6.9): a small object that names one remote object, beside its state. */
export interface ResourceIdentityData {
  readonly identity_data: DynamicValue | null;
}
export interface ResourceIdentityDataOut {
  readonly identity_data: DynamicValueOut;
}
export interface IdentityAttributeMessage {
  readonly name: string;
  readonly type: Uint8Array;
  readonly required_for_import?: boolean;
  readonly optional_for_import?: boolean;
  readonly description?: string;
}
export interface ResourceIdentitySchemaMessage {
  readonly version: number;
  readonly identity_attributes: readonly IdentityAttributeMessage[];
}

// ---- requests (decoded) and responses (to encode), one pair per RPC ----

export type Empty = Record<string, never>;

export interface GetMetadataResponse extends Diagnostics {
  readonly server_capabilities: ServerCapabilities;
  readonly resources: ReadonlyArray<{ readonly type_name: string }>;
  readonly data_sources: ReadonlyArray<{ readonly type_name: string }>;
  readonly functions: ReadonlyArray<{ readonly name: string }>;
  readonly list_resources?: ReadonlyArray<{ readonly type_name: string }>;
}

export interface GetProviderSchemaResponse extends Diagnostics {
  readonly provider: SchemaMessage;
  readonly resource_schemas: { readonly [typeName: string]: SchemaMessage };
  readonly data_source_schemas: { readonly [typeName: string]: SchemaMessage };
  readonly server_capabilities: ServerCapabilities;
  /** The configuration block of each `list` resource type (Terraform wraps it in `config { }`). */
  readonly list_resource_schemas?: { readonly [typeName: string]: SchemaMessage };
}

export interface GetResourceIdentitySchemasResponse extends Diagnostics {
  readonly identity_schemas: { readonly [typeName: string]: ResourceIdentitySchemaMessage };
}

export interface UpgradeResourceIdentityRequest {
  readonly type_name: string;
  readonly version: number;
  readonly raw_identity: RawState | null;
}
export interface UpgradeResourceIdentityResponse extends Diagnostics {
  readonly upgraded_identity?: ResourceIdentityDataOut;
}

export interface ValidateProviderConfigRequest {
  readonly config: DynamicValue | null;
}
export type ValidateProviderConfigResponse = Diagnostics;

export interface UpgradeResourceStateRequest {
  readonly type_name: string;
  readonly version: number;
  readonly raw_state: RawState | null;
}
export interface UpgradeResourceStateResponse extends Diagnostics {
  readonly upgraded_state?: DynamicValueOut;
}

export interface ValidateResourceConfigRequest {
  readonly type_name: string;
  readonly config: DynamicValue | null;
  readonly client_capabilities: ClientCapabilities | null;
}
export type ValidateResourceConfigResponse = Diagnostics;

export interface ValidateDataResourceConfigRequest {
  readonly type_name: string;
  readonly config: DynamicValue | null;
}
export type ValidateDataResourceConfigResponse = Diagnostics;

export interface ConfigureProviderRequest {
  readonly terraform_version: string;
  readonly config: DynamicValue | null;
  readonly client_capabilities: ClientCapabilities | null;
}
export type ConfigureProviderResponse = Diagnostics;

export interface ReadResourceRequest {
  readonly type_name: string;
  readonly current_state: DynamicValue | null;
  readonly private: Uint8Array;
  readonly provider_meta: DynamicValue | null;
  readonly client_capabilities: ClientCapabilities | null;
  readonly current_identity?: ResourceIdentityData | null;
}
export interface ReadResourceResponse extends Diagnostics {
  readonly new_state?: DynamicValueOut;
  readonly private?: Uint8Array;
  readonly new_identity?: ResourceIdentityDataOut;
}

export interface PlanResourceChangeRequest {
  readonly type_name: string;
  readonly prior_state: DynamicValue | null;
  readonly proposed_new_state: DynamicValue | null;
  readonly config: DynamicValue | null;
  readonly prior_private: Uint8Array;
  readonly provider_meta: DynamicValue | null;
  readonly client_capabilities: ClientCapabilities | null;
  readonly prior_identity?: ResourceIdentityData | null;
}
export interface PlanResourceChangeResponse extends Diagnostics {
  readonly planned_state?: DynamicValueOut;
  readonly requires_replace?: readonly AttributePathMessage[];
  readonly planned_private?: Uint8Array;
  readonly planned_identity?: ResourceIdentityDataOut;
}

export interface ApplyResourceChangeRequest {
  readonly type_name: string;
  readonly prior_state: DynamicValue | null;
  readonly planned_state: DynamicValue | null;
  readonly config: DynamicValue | null;
  readonly planned_private: Uint8Array;
  readonly provider_meta: DynamicValue | null;
  readonly planned_identity?: ResourceIdentityData | null;
}
export interface ApplyResourceChangeResponse extends Diagnostics {
  readonly new_state?: DynamicValueOut;
  readonly private?: Uint8Array;
  readonly new_identity?: ResourceIdentityDataOut;
}

export interface ImportResourceStateRequest {
  readonly type_name: string;
  /** Empty when Terraform imports by identity (an `import {}` block with `identity = {…}`). */
  readonly id: string;
  readonly client_capabilities: ClientCapabilities | null;
  readonly identity?: ResourceIdentityData | null;
}
export interface ImportResourceStateResponse extends Diagnostics {
  readonly imported_resources?: ReadonlyArray<{
    readonly type_name: string;
    readonly state: DynamicValueOut;
    readonly private?: Uint8Array;
    readonly identity?: ResourceIdentityDataOut;
  }>;
}

export interface MoveResourceStateRequest {
  readonly source_provider_address: string;
  readonly source_type_name: string;
  readonly source_schema_version: number;
  readonly source_state: RawState | null;
  readonly target_type_name: string;
  readonly source_private: Uint8Array;
  readonly source_identity?: RawState | null;
  readonly source_identity_schema_version?: number;
}
export interface MoveResourceStateResponse extends Diagnostics {
  readonly target_state?: DynamicValueOut;
  readonly target_private?: Uint8Array;
  readonly target_identity?: ResourceIdentityDataOut;
}

export interface ReadDataSourceRequest {
  readonly type_name: string;
  readonly config: DynamicValue | null;
  readonly provider_meta: DynamicValue | null;
  readonly client_capabilities: ClientCapabilities | null;
}
export interface ReadDataSourceResponse extends Diagnostics {
  readonly state?: DynamicValueOut;
}

export interface ListResourceRequest {
  readonly type_name: string;
  /** The inside of the `list` block's `config { }`. */
  readonly config: DynamicValue | null;
  readonly include_resource_object: boolean;
  /** Terraform stops reading the stream after this many events. */
  readonly limit: number;
}
export interface ListResourceEvent {
  readonly identity?: ResourceIdentityDataOut;
  readonly display_name?: string;
  readonly resource_object?: DynamicValueOut;
  readonly diagnostic?: readonly DiagnosticMessage[];
}

export interface ValidateListResourceConfigRequest {
  readonly type_name: string;
  readonly config: DynamicValue | null;
  /** The `include_resource` and `limit` arguments, as Terraform evaluated them (either may be null). */
  readonly include_resource_object: DynamicValue | null;
  readonly limit: DynamicValue | null;
}
export type ValidateListResourceConfigResponse = Diagnostics;

export interface GetFunctionsResponse extends Diagnostics {
  readonly functions: Record<string, never>;
}

export interface StopProviderResponse {
  readonly error?: string;
}

/** What a call handler may use besides the request: cancellation of this one gRPC call. */
export interface CallContext {
  readonly signal: AbortSignal;
}

/** The tfplugin6.Provider service as plain async functions; the framework implements it. */
export interface Tfplugin6Handlers {
  GetMetadata(request: Empty, context: CallContext): Promise<GetMetadataResponse>;
  GetProviderSchema(request: Empty, context: CallContext): Promise<GetProviderSchemaResponse>;
  ValidateProviderConfig(request: ValidateProviderConfigRequest, context: CallContext): Promise<ValidateProviderConfigResponse>;
  ValidateResourceConfig(request: ValidateResourceConfigRequest, context: CallContext): Promise<ValidateResourceConfigResponse>;
  ValidateDataResourceConfig(
    request: ValidateDataResourceConfigRequest,
    context: CallContext,
  ): Promise<ValidateDataResourceConfigResponse>;
  UpgradeResourceState(request: UpgradeResourceStateRequest, context: CallContext): Promise<UpgradeResourceStateResponse>;
  GetResourceIdentitySchemas(request: Empty, context: CallContext): Promise<GetResourceIdentitySchemasResponse>;
  UpgradeResourceIdentity(request: UpgradeResourceIdentityRequest, context: CallContext): Promise<UpgradeResourceIdentityResponse>;
  ConfigureProvider(request: ConfigureProviderRequest, context: CallContext): Promise<ConfigureProviderResponse>;
  ReadResource(request: ReadResourceRequest, context: CallContext): Promise<ReadResourceResponse>;
  PlanResourceChange(request: PlanResourceChangeRequest, context: CallContext): Promise<PlanResourceChangeResponse>;
  ApplyResourceChange(request: ApplyResourceChangeRequest, context: CallContext): Promise<ApplyResourceChangeResponse>;
  ImportResourceState(request: ImportResourceStateRequest, context: CallContext): Promise<ImportResourceStateResponse>;
  MoveResourceState(request: MoveResourceStateRequest, context: CallContext): Promise<MoveResourceStateResponse>;
  ReadDataSource(request: ReadDataSourceRequest, context: CallContext): Promise<ReadDataSourceResponse>;
  /** Server streaming: one event per object listed. */
  ListResource(request: ListResourceRequest, context: CallContext): AsyncIterable<ListResourceEvent>;
  ValidateListResourceConfig(
    request: ValidateListResourceConfigRequest,
    context: CallContext,
  ): Promise<ValidateListResourceConfigResponse>;
  GetFunctions(request: Empty, context: CallContext): Promise<GetFunctionsResponse>;
  StopProvider(request: Empty, context: CallContext): Promise<StopProviderResponse>;
}
