/**
 * Our definition of the subset of Terraform's plugin protocol 6 (package `tfplugin6`, service
 * `Provider`) that a provider with managed resources, data sources, resource identity (minor 6.9,
 * Terraform 1.12) and list resources (minor 6.10, `terraform query`, Terraform 1.14) needs.
 * Written from the published protocol description: the package, service, method and message
 * names and the field numbers are wire facts; everything else here is ours. Engines that predate
 * a field ignore it, and never call an RPC they do not know. RPCs left out (ephemeral resources,
 * function calls, actions, state stores, GenerateResourceConfig) are answered with gRPC
 * UNIMPLEMENTED by grpc-js, which is what Terraform and OpenTofu expect from a provider without
 * those features.
 */
import type { INamespace } from 'protobufjs';
import { call, enumOf, field, message, repeated, service, stringMap } from './descriptor-helpers';

const DV = 'DynamicValue';
const DIAGNOSTICS = 'Diagnostic';
const ID = 'ResourceIdentityData';

export const TFPLUGIN6_PACKAGE = 'tfplugin6';

export const tfplugin6Descriptor: INamespace = {
  nested: {
    tfplugin6: {
      nested: {
        DynamicValue: message({ msgpack: field(1, 'bytes'), json: field(2, 'bytes') }),
        Diagnostic: message(
          {
            severity: field(1, 'Severity'),
            summary: field(2, 'string'),
            detail: field(3, 'string'),
            attribute: field(4, 'AttributePath'),
          },
          { nested: { Severity: enumOf({ INVALID: 0, ERROR: 1, WARNING: 2 }) } },
        ),
        AttributePath: message(
          { steps: repeated(1, 'Step') },
          {
            nested: {
              Step: message(
                {
                  attribute_name: field(1, 'string'),
                  element_key_string: field(2, 'string'),
                  element_key_int: field(3, 'int64'),
                },
                { oneofs: { selector: { oneof: ['attribute_name', 'element_key_string', 'element_key_int'] } } },
              ),
            },
          },
        ),
        RawState: message({ json: field(1, 'bytes'), flatmap: stringMap(2, 'string') }),
        ResourceIdentitySchema: message(
          { version: field(1, 'int64'), identity_attributes: repeated(2, 'IdentityAttribute') },
          {
            nested: {
              IdentityAttribute: message({
                name: field(1, 'string'),
                type: field(2, 'bytes'),
                required_for_import: field(3, 'bool'),
                optional_for_import: field(4, 'bool'),
                description: field(5, 'string'),
              }),
            },
          },
        ),
        ResourceIdentityData: message({ identity_data: field(1, DV) }),
        StringKind: enumOf({ PLAIN: 0, MARKDOWN: 1 }),
        Schema: message(
          { version: field(1, 'int64'), block: field(2, 'Block') },
          {
            nested: {
              Block: message({
                version: field(1, 'int64'),
                attributes: repeated(2, 'Attribute'),
                block_types: repeated(3, 'NestedBlock'),
                description: field(4, 'string'),
                description_kind: field(5, 'StringKind'),
                deprecated: field(6, 'bool'),
              }),
              Attribute: message({
                name: field(1, 'string'),
                type: field(2, 'bytes'),
                description: field(3, 'string'),
                required: field(4, 'bool'),
                optional: field(5, 'bool'),
                computed: field(6, 'bool'),
                sensitive: field(7, 'bool'),
                description_kind: field(8, 'StringKind'),
                deprecated: field(9, 'bool'),
                nested_type: field(10, 'Object'),
                write_only: field(11, 'bool'),
              }),
              NestedBlock: message(
                {
                  type_name: field(1, 'string'),
                  block: field(2, 'Block'),
                  nesting: field(3, 'NestingMode'),
                  min_items: field(4, 'int64'),
                  max_items: field(5, 'int64'),
                },
                { nested: { NestingMode: enumOf({ INVALID: 0, SINGLE: 1, LIST: 2, SET: 3, MAP: 4, GROUP: 5 }) } },
              ),
              Object: message(
                { attributes: repeated(1, 'Attribute'), nesting: field(3, 'NestingMode') },
                { nested: { NestingMode: enumOf({ INVALID: 0, SINGLE: 1, LIST: 2, SET: 3, MAP: 4 }) } },
              ),
            },
          },
        ),
        Function: message(
          {
            parameters: repeated(1, 'Parameter'),
            variadic_parameter: field(2, 'Parameter'),
            return: field(3, 'Return'),
            summary: field(4, 'string'),
            description: field(5, 'string'),
            description_kind: field(6, 'StringKind'),
            deprecation_message: field(7, 'string'),
          },
          {
            nested: {
              Parameter: message({
                name: field(1, 'string'),
                type: field(2, 'bytes'),
                allow_null_value: field(3, 'bool'),
                allow_unknown_values: field(4, 'bool'),
                description: field(5, 'string'),
                description_kind: field(6, 'StringKind'),
              }),
              Return: message({ type: field(1, 'bytes') }),
            },
          },
        ),
        ServerCapabilities: message({
          plan_destroy: field(1, 'bool'),
          get_provider_schema_optional: field(2, 'bool'),
          move_resource_state: field(3, 'bool'),
        }),
        ClientCapabilities: message({
          deferral_allowed: field(1, 'bool'),
          write_only_attributes_allowed: field(2, 'bool'),
        }),
        Deferred: message(
          { reason: field(1, 'Reason') },
          {
            nested: {
              Reason: enumOf({ UNKNOWN: 0, RESOURCE_CONFIG_UNKNOWN: 1, PROVIDER_CONFIG_UNKNOWN: 2, ABSENT_PREREQ: 3 }),
            },
          },
        ),

        GetMetadata: call(
          message({}),
          message({
            server_capabilities: field(1, 'ServerCapabilities'),
            diagnostics: repeated(2, DIAGNOSTICS),
            data_sources: repeated(3, 'TypeMetadata'),
            resources: repeated(4, 'TypeMetadata'),
            functions: repeated(5, 'FunctionMetadata'),
            list_resources: repeated(7, 'TypeMetadata'),
          }),
          {
            // One shape serves the protocol's per-kind metadata messages: each is `type_name = 1`.
            TypeMetadata: message({ type_name: field(1, 'string') }),
            FunctionMetadata: message({ name: field(1, 'string') }),
          },
        ),
        GetProviderSchema: call(
          message({}),
          message({
            provider: field(1, 'Schema'),
            resource_schemas: stringMap(2, 'Schema'),
            data_source_schemas: stringMap(3, 'Schema'),
            diagnostics: repeated(4, DIAGNOSTICS),
            provider_meta: field(5, 'Schema'),
            server_capabilities: field(6, 'ServerCapabilities'),
            functions: stringMap(7, 'Function'),
            list_resource_schemas: stringMap(9, 'Schema'),
          }),
        ),
        ValidateProviderConfig: call(message({ config: field(1, DV) }), message({ diagnostics: repeated(2, DIAGNOSTICS) })),
        UpgradeResourceState: call(
          message({ type_name: field(1, 'string'), version: field(2, 'int64'), raw_state: field(3, 'RawState') }),
          message({ upgraded_state: field(1, DV), diagnostics: repeated(2, DIAGNOSTICS) }),
        ),
        GetResourceIdentitySchemas: call(
          message({}),
          message({ identity_schemas: stringMap(1, 'ResourceIdentitySchema'), diagnostics: repeated(2, DIAGNOSTICS) }),
        ),
        UpgradeResourceIdentity: call(
          message({ type_name: field(1, 'string'), version: field(2, 'int64'), raw_identity: field(3, 'RawState') }),
          message({ upgraded_identity: field(1, ID), diagnostics: repeated(2, DIAGNOSTICS) }),
        ),
        ValidateResourceConfig: call(
          message({
            type_name: field(1, 'string'),
            config: field(2, DV),
            client_capabilities: field(3, 'ClientCapabilities'),
          }),
          message({ diagnostics: repeated(1, DIAGNOSTICS) }),
        ),
        ValidateDataResourceConfig: call(
          message({ type_name: field(1, 'string'), config: field(2, DV) }),
          message({ diagnostics: repeated(1, DIAGNOSTICS) }),
        ),
        ConfigureProvider: call(
          message({
            terraform_version: field(1, 'string'),
            config: field(2, DV),
            client_capabilities: field(3, 'ClientCapabilities'),
          }),
          message({ diagnostics: repeated(1, DIAGNOSTICS) }),
        ),
        ReadResource: call(
          message({
            type_name: field(1, 'string'),
            current_state: field(2, DV),
            private: field(3, 'bytes'),
            provider_meta: field(4, DV),
            client_capabilities: field(5, 'ClientCapabilities'),
            current_identity: field(6, ID),
          }),
          message({
            new_state: field(1, DV),
            diagnostics: repeated(2, DIAGNOSTICS),
            private: field(3, 'bytes'),
            deferred: field(4, 'Deferred'),
            new_identity: field(5, ID),
          }),
        ),
        PlanResourceChange: call(
          message({
            type_name: field(1, 'string'),
            prior_state: field(2, DV),
            proposed_new_state: field(3, DV),
            config: field(4, DV),
            prior_private: field(5, 'bytes'),
            provider_meta: field(6, DV),
            client_capabilities: field(7, 'ClientCapabilities'),
            prior_identity: field(8, ID),
          }),
          message({
            planned_state: field(1, DV),
            requires_replace: repeated(2, 'AttributePath'),
            planned_private: field(3, 'bytes'),
            diagnostics: repeated(4, DIAGNOSTICS),
            // Field 5 (legacy_type_system) belongs to Terraform's own legacy SDK and is never set.
            deferred: field(6, 'Deferred'),
            planned_identity: field(7, ID),
          }),
        ),
        ApplyResourceChange: call(
          message({
            type_name: field(1, 'string'),
            prior_state: field(2, DV),
            planned_state: field(3, DV),
            config: field(4, DV),
            planned_private: field(5, 'bytes'),
            provider_meta: field(6, DV),
            planned_identity: field(7, ID),
          }),
          // Field 4 (legacy_type_system) is never set, as in PlanResourceChange.
          message({
            new_state: field(1, DV),
            private: field(2, 'bytes'),
            diagnostics: repeated(3, DIAGNOSTICS),
            new_identity: field(5, ID),
          }),
        ),
        ImportResourceState: call(
          message({
            type_name: field(1, 'string'),
            id: field(2, 'string'),
            client_capabilities: field(3, 'ClientCapabilities'),
            identity: field(4, ID),
          }),
          message({
            imported_resources: repeated(1, 'ImportedResource'),
            diagnostics: repeated(2, DIAGNOSTICS),
            deferred: field(3, 'Deferred'),
          }),
          {
            ImportedResource: message({
              type_name: field(1, 'string'),
              state: field(2, DV),
              private: field(3, 'bytes'),
              identity: field(4, ID),
            }),
          },
        ),
        MoveResourceState: call(
          message({
            source_provider_address: field(1, 'string'),
            source_type_name: field(2, 'string'),
            source_schema_version: field(3, 'int64'),
            source_state: field(4, 'RawState'),
            target_type_name: field(5, 'string'),
            source_private: field(6, 'bytes'),
            source_identity: field(7, 'RawState'),
            source_identity_schema_version: field(8, 'int64'),
          }),
          message({
            target_state: field(1, DV),
            diagnostics: repeated(2, DIAGNOSTICS),
            target_private: field(3, 'bytes'),
            target_identity: field(4, ID),
          }),
        ),
        ReadDataSource: call(
          message({
            type_name: field(1, 'string'),
            config: field(2, DV),
            provider_meta: field(3, DV),
            client_capabilities: field(4, 'ClientCapabilities'),
          }),
          message({ state: field(1, DV), diagnostics: repeated(2, DIAGNOSTICS), deferred: field(3, 'Deferred') }),
        ),
        ListResource: {
          nested: {
            Request: message({
              type_name: field(1, 'string'),
              config: field(2, DV),
              include_resource_object: field(3, 'bool'),
              limit: field(4, 'int64'),
            }),
            // One message per listed object on the server stream.
            Event: message({
              identity: field(1, ID),
              display_name: field(2, 'string'),
              resource_object: field(3, DV),
              diagnostic: repeated(4, DIAGNOSTICS),
            }),
          },
        },
        ValidateListResourceConfig: call(
          message({
            type_name: field(1, 'string'),
            config: field(2, DV),
            include_resource_object: field(3, DV),
            limit: field(4, DV),
          }),
          message({ diagnostics: repeated(1, DIAGNOSTICS) }),
        ),
        GetFunctions: call(
          message({}),
          message({ functions: stringMap(1, 'Function'), diagnostics: repeated(2, DIAGNOSTICS) }),
        ),
        StopProvider: call(message({}), message({ error: field(1, 'string') })),

        Provider: service({
          GetMetadata: ['GetMetadata.Request', 'GetMetadata.Response'],
          GetProviderSchema: ['GetProviderSchema.Request', 'GetProviderSchema.Response'],
          ValidateProviderConfig: ['ValidateProviderConfig.Request', 'ValidateProviderConfig.Response'],
          ValidateResourceConfig: ['ValidateResourceConfig.Request', 'ValidateResourceConfig.Response'],
          ValidateDataResourceConfig: ['ValidateDataResourceConfig.Request', 'ValidateDataResourceConfig.Response'],
          UpgradeResourceState: ['UpgradeResourceState.Request', 'UpgradeResourceState.Response'],
          GetResourceIdentitySchemas: ['GetResourceIdentitySchemas.Request', 'GetResourceIdentitySchemas.Response'],
          UpgradeResourceIdentity: ['UpgradeResourceIdentity.Request', 'UpgradeResourceIdentity.Response'],
          ConfigureProvider: ['ConfigureProvider.Request', 'ConfigureProvider.Response'],
          ReadResource: ['ReadResource.Request', 'ReadResource.Response'],
          PlanResourceChange: ['PlanResourceChange.Request', 'PlanResourceChange.Response'],
          ApplyResourceChange: ['ApplyResourceChange.Request', 'ApplyResourceChange.Response'],
          ImportResourceState: ['ImportResourceState.Request', 'ImportResourceState.Response'],
          MoveResourceState: ['MoveResourceState.Request', 'MoveResourceState.Response'],
          ReadDataSource: ['ReadDataSource.Request', 'ReadDataSource.Response'],
          ListResource: ['ListResource.Request', 'ListResource.Event', 'server'],
          ValidateListResourceConfig: ['ValidateListResourceConfig.Request', 'ValidateListResourceConfig.Response'],
          GetFunctions: ['GetFunctions.Request', 'GetFunctions.Response'],
          StopProvider: ['StopProvider.Request', 'StopProvider.Response'],
        }),
      },
    },
  },
};
