/**
 * The one generic adapter between tfplugin6 and typed resources: decodes each request's
 * DynamicValues against the resource's schema, calls the resource, and encodes the answer,
 * applying the protocol's rules on the way:
 *  - computed attributes the configuration leaves null are unknown in create plans, and in
 *    update plans that change something (plan modifiers such as useStateForUnknown then keep
 *    prior values where declared);
 *  - write-only attributes are null in every plan and state returned;
 *  - requires-replace paths come from plan modifiers and the resource's plan hook;
 *  - a null proposed state is a destroy plan (we declare `plan_destroy`), handed to planDestroy;
 *  - problems are diagnostics in an OK response; a thrown error becomes an error diagnostic;
 *  - private state passes through unless the resource changes it;
 *  - a resource with an identity gets it with every read, plan, apply, import and move, and can
 *    be imported by it; list resources stream what they find (`terraform query`). A provider
 *    without identities or list resources answers those RPCs UNIMPLEMENTED, as before.
 */
import { decodeJson, parseJsonTree } from '../codec/json';
import { decodeMsgpack, encodeMsgpack } from '../codec/msgpack';
import { CodecError } from '../codec/errors';
import { formatPath, type AttributePath } from '../codec/path';
import { isObjectValue, isWhollyKnown, unknownPaths, valuesEqual, type AnyObject, type AnyValue } from '../codec/value';
import type { ObjectType } from '../codec/cty-type';
import { describeError, log, type Logger } from '../log';
import { UnimplementedMethodError } from '../protocol/grpc-binding';
import {
  Severity,
  type AttributePathMessage,
  type ClientCapabilities,
  type DiagnosticMessage,
  type DynamicValue,
  type DynamicValueOut,
  type ResourceIdentityData,
  type ResourceIdentityDataOut,
  type Tfplugin6Handlers,
} from '../protocol/tfplugin6-messages';
import type * as Tf from '../protocol/tfplugin6-messages';
import {
  applyPlanModifiers,
  markComputedUnknown,
  nullWriteOnly,
  validateAttributes,
  writeOnlyPathsSet,
} from './block-walk';
import { Diagnostics, type Diagnostic } from './diagnostics';
import { identitySchemaMessage, identityType, type TfResourceIdentity } from './identity';
import { PrivateState } from './private-state';
import type { TfProvider } from './provider';
import type { ClientCapabilitiesInfo, OperationContext, TfDataSource, TfResource } from './resource';
import { impliedType, type BlockSpec } from './schema';
import { schemaMessage } from './schema-wire';

/** A value Terraform sent that does not fit the schema: a provider/engine mismatch, not a user mistake. */
class DecodeFailure extends Error {
  constructor(readonly codecError: CodecError) {
    super(codecError.message);
  }
}
/** A value the provider produced that does not fit its own schema: a provider bug. */
class EncodeFailure extends Error {
  constructor(readonly codecError: CodecError) {
    super(codecError.message);
  }
}

const REPORT = 'This is a bug in the provider; please report this issue to the provider developers.';

export class ProtocolAdapter<P> implements Tfplugin6Handlers {
  private configured: { readonly provider: P } | null = null;
  /** Aborted by StopProvider, then replaced: operations already running stop, later ones run. */
  private stopController = new AbortController();
  private readonly types = new WeakMap<BlockSpec, ObjectType>();
  private readonly identityTypes = new WeakMap<TfResourceIdentity<P>, ObjectType>();

  constructor(
    private readonly provider: TfProvider<P>,
    private readonly logger: Logger = log,
  ) {}

  // ---- provider-level RPCs ----

  async GetMetadata(): Promise<Tf.GetMetadataResponse> {
    return {
      server_capabilities: this.serverCapabilities(),
      resources: this.provider.resources.map((resource) => ({ type_name: resource.typeName })),
      data_sources: this.provider.dataSources.map((dataSource) => ({ type_name: dataSource.typeName })),
      functions: [],
      list_resources: this.provider.listResources.map((listResource) => ({ type_name: listResource.typeName })),
      diagnostics: this.provider.startupDiagnostics.map(diagnosticMessage),
    };
  }

  async GetProviderSchema(): Promise<Tf.GetProviderSchemaResponse> {
    return {
      provider: schemaMessage(this.provider.definition.schema),
      resource_schemas: Object.fromEntries(
        this.provider.resources.map((resource) => [resource.typeName, schemaMessage(resource.schema)]),
      ),
      data_source_schemas: Object.fromEntries(
        this.provider.dataSources.map((dataSource) => [dataSource.typeName, schemaMessage(dataSource.schema)]),
      ),
      list_resource_schemas: Object.fromEntries(
        this.provider.listResources.map((listResource) => [listResource.typeName, schemaMessage(listResource.schema)]),
      ),
      server_capabilities: this.serverCapabilities(),
      diagnostics: this.provider.startupDiagnostics.map(diagnosticMessage),
    };
  }

  async GetResourceIdentitySchemas(): Promise<Tf.GetResourceIdentitySchemasResponse> {
    const { identities } = this.provider;
    if (identities.size === 0) throw new UnimplementedMethodError('GetResourceIdentitySchemas');
    return {
      identity_schemas: Object.fromEntries([...identities].map(([typeName, identity]) => [typeName, identitySchemaMessage(identity.schema)])),
      diagnostics: [],
    };
  }

  async GetFunctions(): Promise<Tf.GetFunctionsResponse> {
    return { functions: {} };
  }

  async ValidateProviderConfig(request: Tf.ValidateProviderConfigRequest): Promise<Tf.ValidateProviderConfigResponse> {
    const diagnostics = new Diagnostics();
    const { definition } = this.provider;
    await this.guard(diagnostics, 'Validating the provider configuration', async () => {
      const config = this.decode(request.config, definition.schema.block);
      diagnostics.add(...validateAttributes(definition.schema.block, config));
      await definition.validate?.(
        { config: asModel(config) },
        { diagnostics, clientCapabilities: clientCapabilities(null) },
      );
    });
    return { diagnostics: diagnostics.all.map(diagnosticMessage) };
  }

  async ConfigureProvider(request: Tf.ConfigureProviderRequest, call: Tf.CallContext): Promise<Tf.ConfigureProviderResponse> {
    const diagnostics = new Diagnostics();
    const { definition } = this.provider;
    await this.guard(diagnostics, 'Configuring the provider', async () => {
      const config = this.decode(request.config, definition.schema.block);
      const provider = await definition.configure(
        { config: asModel(config), terraformVersion: request.terraform_version },
        { diagnostics, signal: this.operationSignal(call) },
      );
      if (provider !== null) this.configured = { provider };
      else if (!diagnostics.hasErrors()) diagnostics.error('Provider not configured', `configure returned nothing. ${REPORT}`);
    });
    return { diagnostics: diagnostics.all.map(diagnosticMessage) };
  }

  async StopProvider(): Promise<Tf.StopProviderResponse> {
    this.logger.info('StopProvider received: cancelling in-flight operations');
    // A managed provider is shut down right after; a debug-mode one keeps serving later commands,
    // which must not start out cancelled.
    const running = this.stopController;
    this.stopController = new AbortController();
    running.abort(new Error('Terraform asked the provider to stop'));
    return {};
  }

  // ---- managed resources ----

  async ValidateResourceConfig(request: Tf.ValidateResourceConfigRequest): Promise<Tf.ValidateResourceConfigResponse> {
    const diagnostics = new Diagnostics();
    const resource = this.resourceOrError(request.type_name, diagnostics);
    if (resource !== null) {
      await this.guard(diagnostics, `Validating ${request.type_name}`, async () => {
        const block = resource.schema.block;
        const config = this.decode(request.config, block);
        const capabilities = clientCapabilities(request.client_capabilities);
        if (!capabilities.writeOnlyAttributesAllowed) {
          for (const path of writeOnlyPathsSet(block, config)) {
            diagnostics.error(
              'Write-only attribute not supported by this Terraform',
              `${formatPath(path)} is write-only: it is never stored in plan or state, which needs Terraform 1.11 ` +
                'or later (or OpenTofu 1.11 or later). Upgrade, or use the stored alternative the documentation names.',
              path,
            );
          }
        }
        diagnostics.add(...validateAttributes(block, config));
        await resource.validate?.({ config: asModel(config) }, { diagnostics, clientCapabilities: capabilities });
      });
    }
    return { diagnostics: diagnostics.all.map(diagnosticMessage) };
  }

  async UpgradeResourceState(request: Tf.UpgradeResourceStateRequest): Promise<Tf.UpgradeResourceStateResponse> {
    const diagnostics = new Diagnostics();
    const resource = this.resourceOrError(request.type_name, diagnostics);
    let upgraded: DynamicValueOut | undefined;
    if (resource !== null) {
      await this.guard(diagnostics, `Upgrading the stored state of ${request.type_name}`, async () => {
        const { block, version } = resource.schema;
        const raw = request.raw_state;
        if (raw === null || raw.json.length === 0) {
          if (raw !== null && Object.keys(raw.flatmap).length > 0) {
            diagnostics.error('Unsupported state format', 'This state was written by Terraform 0.11 or earlier (flatmap); refresh it with a newer Terraform first.');
          } else {
            upgraded = this.encode(null, block);
          }
          return;
        }
        let value: AnyValue;
        if (request.version === version) {
          // Same schema: attributes it no longer declares are dropped, missing ones become null.
          value = this.decodeWith(() => decodeJson(raw.json, this.typeOf(block), { ignoreUndeclaredAttributes: true }));
        } else if (resource.upgradeState !== undefined) {
          value = resource.upgradeState({ version: request.version, rawState: parseJsonTree(raw.json) }, { diagnostics });
        } else {
          diagnostics.error(
            'Cannot upgrade the stored state',
            request.version > version
              ? `The state of this ${request.type_name} was written by a newer provider (schema version ${request.version}; this one knows ${version}). Use that provider version or newer.`
              : `The state was written with schema version ${request.version} and this provider has no upgrade from it to version ${version}. ${REPORT}`,
          );
          return;
        }
        if (!diagnostics.hasErrors()) upgraded = this.encode(nullWriteOnly(block, value), block);
      });
    }
    return { upgraded_state: upgraded, diagnostics: diagnostics.all.map(diagnosticMessage) };
  }

  async ReadResource(request: Tf.ReadResourceRequest, call: Tf.CallContext): Promise<Tf.ReadResourceResponse> {
    const diagnostics = new Diagnostics();
    const resource = this.resourceOrError(request.type_name, diagnostics);
    let response: Tf.ReadResourceResponse = {};
    if (resource !== null) {
      await this.guard(diagnostics, `Reading ${request.type_name}`, async () => {
        const block = resource.schema.block;
        const current = this.decode(request.current_state, block);
        const privateState = new PrivateState(request.private);
        if (!isObjectValue(current)) {
          response = { new_state: this.encode(null, block), private: request.private };
          return;
        }
        const context = this.operationContext(diagnostics, call, privateState);
        if (context === null) return;
        const read = await resource.read({ state: current }, context);
        if (read === null && diagnostics.hasErrors()) {
          // A failed refresh keeps what we knew rather than dropping the object from state.
          response = { new_state: this.encode(current, block), private: request.private };
          return;
        }
        const newState = read === null ? null : this.requireKnown(nullWriteOnly(block, read), block, 'read', diagnostics);
        response = {
          new_state: this.encode(newState, block),
          private: privateState.toBytes(),
          new_identity: this.identityOut(request.type_name, newState),
        };
      });
    }
    return { ...response, diagnostics: diagnostics.all.map(diagnosticMessage) };
  }

  async PlanResourceChange(request: Tf.PlanResourceChangeRequest, call: Tf.CallContext): Promise<Tf.PlanResourceChangeResponse> {
    const diagnostics = new Diagnostics();
    const resource = this.resourceOrError(request.type_name, diagnostics);
    let response: Tf.PlanResourceChangeResponse = {};
    if (resource !== null) {
      await this.guard(diagnostics, `Planning ${request.type_name}`, async () => {
        const block = resource.schema.block;
        const type = this.typeOf(block);
        const prior = this.decode(request.prior_state, block);
        const proposed = this.decode(request.proposed_new_state, block);
        const privateState = new PrivateState(request.prior_private);

        if (proposed === null) {
          // Destroy plan (Terraform calls us for it because we declare plan_destroy).
          if (isObjectValue(prior) && resource.planDestroy !== undefined) {
            const context = this.operationContext(diagnostics, call, privateState);
            if (context !== null) await resource.planDestroy({ state: prior }, context);
          }
          response = { planned_state: this.encode(null, block), planned_private: privateState.toBytes() };
          return;
        }

        const config = this.decode(request.config, block);
        const creating = prior === null;
        let plan = nullWriteOnly(block, proposed);
        if (creating || !valuesEqual(plan, prior, type)) plan = markComputedUnknown(block, plan, config);
        const defaults = this.configured && this.provider.definition.planDefaults ? this.provider.definition.planDefaults(this.configured.provider) : null;
        const modified = applyPlanModifiers(block, { plan, config, prior }, diagnostics, defaults);
        plan = modified.plan;
        const requiresReplace: AttributePath[] = [...modified.requiresReplace];

        if (resource.plan !== undefined && isObjectValue(plan)) {
          const context = this.operationContext(diagnostics, call, privateState);
          if (context === null) return;
          const adjustment = await resource.plan(
            { config: asModel(config), state: isObjectValue(prior) ? prior : null, plan },
            context,
          );
          if (adjustment.plan !== undefined) plan = adjustment.plan;
          requiresReplace.push(...(adjustment.requiresReplace ?? []));
        }
        response = {
          planned_state: this.encode(nullWriteOnly(block, plan), block),
          requires_replace: creating ? [] : requiresReplace.map(pathMessage),
          planned_private: privateState.toBytes(),
          planned_identity: this.identityOut(request.type_name, plan),
        };
      });
    }
    return { ...response, diagnostics: diagnostics.all.map(diagnosticMessage) };
  }

  async ApplyResourceChange(request: Tf.ApplyResourceChangeRequest, call: Tf.CallContext): Promise<Tf.ApplyResourceChangeResponse> {
    const diagnostics = new Diagnostics();
    const resource = this.resourceOrError(request.type_name, diagnostics);
    let response: Tf.ApplyResourceChangeResponse = {};
    if (resource !== null) {
      await this.guard(diagnostics, `Applying ${request.type_name}`, async () => {
        const block = resource.schema.block;
        const prior = this.decode(request.prior_state, block);
        const planned = this.decode(request.planned_state, block);
        const privateState = new PrivateState(request.planned_private);
        const context = this.operationContext(diagnostics, call, privateState);
        if (context === null) return;
        // Until an operation says otherwise, the object is what it was before.
        response = { new_state: this.encode(prior, block), private: request.planned_private };

        if (!isObjectValue(planned)) {
          if (isObjectValue(prior)) await resource.delete({ state: prior }, context);
          if (!diagnostics.hasErrors()) response = { new_state: this.encode(null, block) };
          return;
        }
        const config = asModel(this.decode(request.config, block));
        const result = isObjectValue(prior)
          ? await resource.update({ config, plan: planned, state: prior }, context)
          : await resource.create({ config, plan: planned }, context);
        if (result === null) {
          if (!diagnostics.hasErrors()) {
            diagnostics.error('Provider returned no object', `${request.type_name} ${isObjectValue(prior) ? 'update' : 'create'} returned nothing and reported no error. ${REPORT}`);
          }
          return;
        }
        const newState = this.requireKnown(nullWriteOnly(block, result), block, 'apply', diagnostics);
        response = {
          new_state: this.encode(newState, block),
          private: privateState.toBytes(),
          new_identity: this.identityOut(request.type_name, newState),
        };
      });
    }
    return { ...response, diagnostics: diagnostics.all.map(diagnosticMessage) };
  }

  async ImportResourceState(request: Tf.ImportResourceStateRequest, call: Tf.CallContext): Promise<Tf.ImportResourceStateResponse> {
    const diagnostics = new Diagnostics();
    const resource = this.resourceOrError(request.type_name, diagnostics);
    let response: Tf.ImportResourceStateResponse = {};
    if (resource !== null) {
      await this.guard(diagnostics, `Importing ${request.type_name}`, async () => {
        const identity = this.provider.identity(request.type_name);
        const byIdentity = hasData(request.identity);
        if (byIdentity ? identity === null : resource.import === undefined) {
          diagnostics.error('Import not supported', `${request.type_name} cannot be imported${byIdentity ? ' by identity' : ''}.`);
          return;
        }
        const block = resource.schema.block;
        const privateState = new PrivateState(new Uint8Array());
        const context = this.operationContext(diagnostics, call, privateState);
        if (context === null) return;
        let imported: AnyObject | null;
        let what: string;
        if (byIdentity && identity !== null) {
          const given = this.decodeIdentity(request.identity, identity);
          what = `identity ${JSON.stringify(given)}`;
          imported = isObjectValue(given) ? await identity.import({ identity: given }, context) : null;
        } else {
          what = `id "${request.id}"`;
          imported = (await resource.import?.({ id: request.id }, context)) ?? null;
        }
        if (imported === null) {
          if (!diagnostics.hasErrors()) diagnostics.error('Cannot import', `Nothing was found for ${what}.`);
          return;
        }
        const state = this.requireKnown(nullWriteOnly(block, imported), block, 'import', diagnostics);
        response = {
          imported_resources: [
            {
              type_name: request.type_name,
              state: this.encode(state, block),
              private: privateState.toBytes(),
              identity: this.identityOut(request.type_name, state),
            },
          ],
        };
      });
    }
    return { ...response, diagnostics: diagnostics.all.map(diagnosticMessage) };
  }

  async MoveResourceState(request: Tf.MoveResourceStateRequest): Promise<Tf.MoveResourceStateResponse> {
    const diagnostics = new Diagnostics();
    const resource = this.resourceOrError(request.target_type_name, diagnostics);
    let response: Tf.MoveResourceStateResponse = {};
    if (resource !== null) {
      await this.guard(diagnostics, `Moving state into ${request.target_type_name}`, async () => {
        if (resource.moveState === undefined || request.source_state === null) {
          diagnostics.error(
            'Move not supported',
            `${request.target_type_name} cannot take state moved from ${request.source_type_name}.`,
          );
          return;
        }
        const block = resource.schema.block;
        const moved = resource.moveState(
          {
            sourceProviderAddress: request.source_provider_address,
            sourceTypeName: request.source_type_name,
            sourceSchemaVersion: request.source_schema_version,
            sourceState: parseJsonTree(request.source_state.json),
          },
          { diagnostics },
        );
        if (moved === null || diagnostics.hasErrors()) return;
        response = {
          target_state: this.encode(nullWriteOnly(block, moved), block),
          target_private: request.source_private,
          target_identity: this.identityOut(request.target_type_name, moved),
        };
      });
    }
    return { ...response, diagnostics: diagnostics.all.map(diagnosticMessage) };
  }

  // ---- resource identity ----

  async UpgradeResourceIdentity(request: Tf.UpgradeResourceIdentityRequest): Promise<Tf.UpgradeResourceIdentityResponse> {
    const diagnostics = new Diagnostics();
    const identity = this.provider.identity(request.type_name);
    if (identity === null) {
      if (this.provider.identities.size === 0) throw new UnimplementedMethodError('UpgradeResourceIdentity');
      diagnostics.error('Unknown resource identity', `This provider has no identity for resource type "${request.type_name}".`);
      return { diagnostics: diagnostics.all.map(diagnosticMessage) };
    }
    let upgraded: ResourceIdentityDataOut | undefined;
    await this.guard(diagnostics, `Upgrading the stored identity of ${request.type_name}`, async () => {
      const { version } = identity.schema;
      const raw = request.raw_identity;
      if (raw === null || raw.json.length === 0) {
        diagnostics.error('Cannot upgrade the stored identity', `The state holds no identity data for this ${request.type_name}. ${REPORT}`);
        return;
      }
      let value: AnyValue;
      if (request.version === version) {
        value = this.decodeWith(() => decodeJson(raw.json, this.identityTypeOf(identity), { ignoreUndeclaredAttributes: true }));
      } else if (identity.upgrade !== undefined) {
        value = identity.upgrade({ version: request.version, rawIdentity: parseJsonTree(raw.json) }, { diagnostics });
      } else {
        diagnostics.error(
          'Cannot upgrade the stored identity',
          request.version > version
            ? `The identity of this ${request.type_name} was written by a newer provider (identity version ${request.version}; this one knows ${version}). Use that provider version or newer.`
            : `The identity was written with version ${request.version} and this provider has no upgrade from it to version ${version}. ${REPORT}`,
        );
        return;
      }
      if (!diagnostics.hasErrors() && isObjectValue(value)) upgraded = { identity_data: this.encodeIdentity(value, identity) };
    });
    return { upgraded_identity: upgraded, diagnostics: diagnostics.all.map(diagnosticMessage) };
  }

  // ---- list resources (`terraform query`) ----

  async ValidateListResourceConfig(
    request: Tf.ValidateListResourceConfigRequest,
  ): Promise<Tf.ValidateListResourceConfigResponse> {
    const diagnostics = new Diagnostics();
    const listResource = this.listResourceOrError(request.type_name, diagnostics);
    if (listResource !== null) {
      await this.guard(diagnostics, `Validating list ${request.type_name}`, async () => {
        const block = listResource.schema.block;
        const config = this.decode(request.config, block);
        diagnostics.add(...validateAttributes(block, config));
        await listResource.validate?.({ config: asModel(config) }, { diagnostics, clientCapabilities: clientCapabilities(null) });
      });
    }
    return { diagnostics: diagnostics.all.map(diagnosticMessage) };
  }

  async *ListResource(request: Tf.ListResourceRequest, call: Tf.CallContext): AsyncGenerator<Tf.ListResourceEvent> {
    if (this.provider.listResources.length === 0) throw new UnimplementedMethodError('ListResource');
    const diagnostics = new Diagnostics();
    const listResource = this.listResourceOrError(request.type_name, diagnostics);
    const identity = this.provider.identity(request.type_name);
    const resource = this.provider.resource(request.type_name);
    const stopSignal = this.stopController.signal;
    if (listResource !== null && identity !== null && resource !== null) {
      try {
        const config = asModel(this.decode(request.config, listResource.schema.block));
        const context = this.operationContext(diagnostics, call, new PrivateState(new Uint8Array()));
        if (context !== null) {
          const block = resource.schema.block;
          let count = 0;
          const results = listResource.list(
            { config, includeResourceObject: request.include_resource_object, limit: request.limit },
            context,
          );
          for await (const result of results) {
            const object = request.include_resource_object && result.resourceObject !== undefined
              ? this.requireKnown(nullWriteOnly(block, result.resourceObject), block, 'list', diagnostics)
              : null;
            yield {
              identity: { identity_data: this.encodeIdentity(result.identity, identity) },
              display_name: result.displayName,
              ...(object === null ? {} : { resource_object: this.encode(object, block) }),
            };
            if (request.limit > 0 && ++count >= request.limit) break;
          }
        }
      } catch (error) {
        diagnostics.add(this.diagnosticForThrown(`Listing ${request.type_name}`, error, stopSignal.aborted));
      }
    }
    // Problems travel in a last event of their own: Terraform shows warnings and stops at errors.
    if (diagnostics.all.length > 0) yield { diagnostic: diagnostics.all.map(diagnosticMessage) };
  }

  // ---- data sources ----

  async ValidateDataResourceConfig(
    request: Tf.ValidateDataResourceConfigRequest,
  ): Promise<Tf.ValidateDataResourceConfigResponse> {
    const diagnostics = new Diagnostics();
    const dataSource = this.dataSourceOrError(request.type_name, diagnostics);
    if (dataSource !== null) {
      await this.guard(diagnostics, `Validating data source ${request.type_name}`, async () => {
        const config = this.decode(request.config, dataSource.schema.block);
        diagnostics.add(...validateAttributes(dataSource.schema.block, config));
        await dataSource.validate?.(
          { config: asModel(config) },
          { diagnostics, clientCapabilities: clientCapabilities(null) },
        );
      });
    }
    return { diagnostics: diagnostics.all.map(diagnosticMessage) };
  }

  async ReadDataSource(request: Tf.ReadDataSourceRequest, call: Tf.CallContext): Promise<Tf.ReadDataSourceResponse> {
    const diagnostics = new Diagnostics();
    const dataSource = this.dataSourceOrError(request.type_name, diagnostics);
    let response: Tf.ReadDataSourceResponse = {};
    if (dataSource !== null) {
      await this.guard(diagnostics, `Reading data source ${request.type_name}`, async () => {
        const block = dataSource.schema.block;
        const config = asModel(this.decode(request.config, block));
        const context = this.operationContext(diagnostics, call, new PrivateState(new Uint8Array()));
        if (context === null) return;
        const state = await dataSource.read({ config }, context);
        if (state === null) {
          if (!diagnostics.hasErrors()) diagnostics.error('Provider returned no data', `${request.type_name} returned nothing and reported no error. ${REPORT}`);
          return;
        }
        response = { state: this.encode(this.requireKnown(state, block, 'read', diagnostics), block) };
      });
    }
    return { ...response, diagnostics: diagnostics.all.map(diagnosticMessage) };
  }

  // ---- helpers ----

  private serverCapabilities(): Tf.ServerCapabilities {
    return {
      plan_destroy: true,
      get_provider_schema_optional: true,
      move_resource_state: this.provider.resources.some((resource) => resource.moveState !== undefined),
    };
  }

  private resourceOrError(typeName: string, diagnostics: Diagnostics): TfResource<BlockSpec, P> | null {
    const resource = this.provider.resource(typeName);
    if (resource === null) diagnostics.error('Unknown resource type', `This provider has no resource type "${typeName}".`);
    return resource;
  }

  private listResourceOrError(typeName: string, diagnostics: Diagnostics) {
    const listResource = this.provider.listResource(typeName);
    if (listResource === null) diagnostics.error('Unknown list resource', `This provider has no list resource "${typeName}".`);
    return listResource;
  }

  private identityTypeOf(identity: TfResourceIdentity<P>): ObjectType {
    let type = this.identityTypes.get(identity);
    if (type === undefined) {
      type = identityType(identity.schema);
      this.identityTypes.set(identity, type);
    }
    return type;
  }

  /**
   * The identity to send with a state or plan of this type; none for types without one, for no
   * object, and while any part is unknown (a create plan): Terraform accepts a planned identity
   * with unknowns, but OpenTofu writes it into the plan and fails to encode it.
   */
  private identityOut(typeName: string, state: AnyValue): ResourceIdentityDataOut | undefined {
    const identity = this.provider.identity(typeName);
    if (identity === null || !isObjectValue(state)) return undefined;
    const value = identity.of(state);
    if (!isWhollyKnown(value)) return undefined;
    return { identity_data: this.encodeIdentity(value, identity) };
  }

  private encodeIdentity(value: AnyObject, identity: TfResourceIdentity<P>): DynamicValueOut {
    try {
      return { msgpack: encodeMsgpack(value, this.identityTypeOf(identity)) };
    } catch (error) {
      throw error instanceof CodecError ? new EncodeFailure(error) : error;
    }
  }

  private decodeIdentity(data: ResourceIdentityData | null | undefined, identity: TfResourceIdentity<P>): AnyValue {
    const value = data?.identity_data ?? null;
    if (value === null) return null;
    const type = this.identityTypeOf(identity);
    if (value.msgpack.length > 0) return this.decodeWith(() => decodeMsgpack(value.msgpack, type));
    if (value.json.length > 0) return this.decodeWith(() => decodeJson(value.json, type));
    return null;
  }

  private dataSourceOrError(typeName: string, diagnostics: Diagnostics): TfDataSource<BlockSpec, P> | null {
    const dataSource = this.provider.dataSource(typeName);
    if (dataSource === null) diagnostics.error('Unknown data source', `This provider has no data source "${typeName}".`);
    return dataSource;
  }

  private typeOf(block: BlockSpec): ObjectType {
    let type = this.types.get(block);
    if (type === undefined) {
      type = impliedType(block);
      this.types.set(block, type);
    }
    return type;
  }

  private decode(value: DynamicValue | null, block: BlockSpec): AnyValue {
    if (value === null) return null;
    const type = this.typeOf(block);
    if (value.msgpack.length > 0) return this.decodeWith(() => decodeMsgpack(value.msgpack, type));
    if (value.json.length > 0) return this.decodeWith(() => decodeJson(value.json, type));
    return null;
  }

  private decodeWith(decode: () => AnyValue): AnyValue {
    try {
      return decode();
    } catch (error) {
      throw error instanceof CodecError ? new DecodeFailure(error) : error;
    }
  }

  private encode(value: AnyValue, block: BlockSpec): DynamicValueOut {
    try {
      return { msgpack: encodeMsgpack(value, this.typeOf(block)) };
    } catch (error) {
      throw error instanceof CodecError ? new EncodeFailure(error) : error;
    }
  }

  /** New state must be wholly known; an unknown left in it is reported with its path, and nulled. */
  private requireKnown(value: AnyValue, block: BlockSpec, operation: string, diagnostics: Diagnostics): AnyValue {
    const paths = unknownPaths(value, this.typeOf(block));
    for (const path of paths) {
      diagnostics.error('Provider returned an unknown value', `After ${operation}, ${formatPath(path)} is still unknown. ${REPORT}`, path);
    }
    return value;
  }

  private operationSignal(call: Tf.CallContext): AbortSignal {
    return AbortSignal.any([this.stopController.signal, call.signal]);
  }

  private operationContext(
    diagnostics: Diagnostics,
    call: Tf.CallContext,
    privateState: PrivateState,
  ): OperationContext<P> | null {
    if (this.configured === null) {
      diagnostics.error('Provider not configured', `Terraform did not configure the provider before using it. ${REPORT}`);
      return null;
    }
    // Combined on first use: most plans and validations never wait on anything, and a combined
    // signal (with the call's own, made on demand too) costs two objects and listeners per call.
    // The stop signal is taken now: StopProvider swaps in a fresh controller before it aborts the
    // running one, so an operation that first asks after an await must still get the running one.
    const stop = this.stopController.signal;
    const combine = (): AbortSignal => AbortSignal.any([stop, call.signal]);
    let signal: AbortSignal | undefined;
    return {
      diagnostics,
      get signal() {
        return (signal ??= combine());
      },
      provider: this.configured.provider,
      privateState,
    };
  }

  /** Runs one request's work, turning whatever it throws into an error diagnostic. */
  private async guard(diagnostics: Diagnostics, operation: string, work: () => Promise<void>): Promise<void> {
    const stopSignal = this.stopController.signal;
    try {
      await work();
    } catch (error) {
      diagnostics.add(this.diagnosticForThrown(operation, error, stopSignal.aborted));
    }
  }

  private diagnosticForThrown(operation: string, error: unknown, stopped: boolean): Diagnostic {
    if (error instanceof DecodeFailure) {
      return {
        severity: 'error',
        summary: 'Value from Terraform does not match the provider schema',
        detail: `${operation}: ${error.message}. ${REPORT}`,
        path: error.codecError.path.length > 0 ? error.codecError.path : null,
      };
    }
    if (error instanceof EncodeFailure) {
      this.logger.error(`${operation}: produced a value outside the schema`, { error: error.message });
      return {
        severity: 'error',
        summary: 'Provider produced a value that does not match its schema',
        detail: `${operation}: ${error.message}. ${REPORT}`,
        path: error.codecError.path.length > 0 ? error.codecError.path : null,
      };
    }
    if (stopped) {
      return {
        severity: 'error',
        summary: 'Operation cancelled',
        detail: `${operation} was interrupted because Terraform asked the provider to stop. Run the command again to finish it.`,
        path: null,
      };
    }
    this.logger.error(`${operation} failed`, { error: describeError(error) });
    return {
      severity: 'error',
      summary: `${operation} failed`,
      detail: error instanceof Error ? error.message : String(error),
      path: null,
    };
  }
}

function hasData(identity: ResourceIdentityData | null | undefined): boolean {
  const value = identity?.identity_data ?? null;
  return value !== null && (value.msgpack.length > 0 || value.json.length > 0);
}

function asModel(value: AnyValue): AnyObject {
  // Terraform always sends an object for configuration; a null one (destroy) never reaches here.
  return isObjectValue(value) ? value : {};
}

function clientCapabilities(capabilities: ClientCapabilities | null): ClientCapabilitiesInfo {
  return {
    deferralAllowed: capabilities?.deferral_allowed ?? false,
    writeOnlyAttributesAllowed: capabilities?.write_only_attributes_allowed ?? false,
  };
}

export function pathMessage(path: AttributePath): AttributePathMessage {
  return {
    steps: path.map((step) =>
      'attribute' in step
        ? { attribute_name: step.attribute }
        : 'key' in step
          ? { element_key_string: step.key }
          : { element_key_int: step.index },
    ),
  };
}

export function diagnosticMessage(diagnostic: Diagnostic): DiagnosticMessage {
  return {
    severity: diagnostic.severity === 'error' ? Severity.ERROR : Severity.WARNING,
    summary: diagnostic.summary,
    detail: diagnostic.detail,
    ...(diagnostic.path !== null && diagnostic.path.length > 0 ? { attribute: pathMessage(diagnostic.path) } : {}),
  };
}
