/**
 * The Terraform schema of the `flashback` provider, derived from the core field specs by the
 * rules the Terraform provider follows (design.md, issue #4):
 * - a core input is `required`, or `optional`; one that falls back to the provider's workspace
 *   is `optional` + `computed` (the provider fills it in);
 * - a core computed field is `computed`;
 * - each core write-only field X (the secret) becomes three attributes: `X_wo` (write-only,
 *   Terraform 1.11+), `X_wo_version` (a number bumped to send `X_wo` again) and `X` (sensitive,
 *   stored in state, for older engines); exactly one of `X` / `X_wo` is set;
 * - the key has `deletion_protection` (bool, optional, false when unset);
 * - every resource has a `timeouts` block (single) of optional `create`, `read`, `update` and
 *   `delete` duration strings;
 * - the data source `flashback_provider_api_keys` lists a workspace's keys (optionally of one
 *   provider type) with every field the API returns, usage counts included.
 *
 * The output has the shape of `terraform providers schema -json`, so the binding generator can
 * read either this or the real provider's schema, and a test compares the two.
 */
import { type FieldSpec, type ResourceModel, providerApiKey, resourceModels } from '../../core';
import { PROVIDER_ADDRESS, type ProvidersSchemaDocument, type SchemaAttribute, type SchemaBlock, type SchemaNestedBlock, type SchemaType } from './schema-document';

/** Provider configuration; core has no model of it, the Terraform provider defines it. */
const providerBlock: SchemaBlock = {
  description: 'Manages Flashback provider API keys, storage buckets and AI model configurations.',
  attributes: {
    api_url: { type: 'string', optional: true, description: 'Base URL of the Flashback API. Defaults to `FLASHBACK_API_URL`.' },
    token: { type: 'string', optional: true, sensitive: true, description: 'API access token. Defaults to `FLASHBACK_API_TOKEN`.' },
    refresh_token: { type: 'string', optional: true, sensitive: true, description: 'Refresh token used to renew `token` when it expires. Defaults to `FLASHBACK_REFRESH_TOKEN`.' },
    workspace_id: { type: 'string', optional: true, description: 'Workspace used by resources that do not set their own `workspace_id`. Defaults to `FLASHBACK_WORKSPACE_ID`.' },
  },
};

const ctyType = (f: FieldSpec): SchemaType => f.type;

function inputMode(f: FieldSpec): Pick<SchemaAttribute, 'required' | 'optional' | 'computed'> {
  if (f.defaultsToProviderWorkspace) return { optional: true, computed: true };
  return f.required ? { required: true } : { optional: true };
}

function fieldAttributes(f: FieldSpec): [string, SchemaAttribute][] {
  const sensitive = f.sensitive ? { sensitive: true } : {};
  if (f.kind === 'computed') return [[f.name, { type: ctyType(f), computed: true, ...sensitive, description: f.description }]];
  if (!f.writeOnly) return [[f.name, { type: ctyType(f), ...inputMode(f), ...sensitive, description: f.description }]];
  return [
    [
      f.name,
      {
        type: ctyType(f),
        optional: true,
        sensitive: true,
        description: `${f.description} Stored in state (sensitive); for engines without write-only attributes. Set exactly one of \`${f.name}\` and \`${f.name}_wo\`.`,
      },
    ],
    [
      `${f.name}_wo`,
      {
        type: ctyType(f),
        optional: true,
        sensitive: true,
        write_only: true,
        description: `${f.description} Write-only (Terraform 1.11+): never stored in plan or state; sent on create and whenever \`${f.name}_wo_version\` changes. Set exactly one of \`${f.name}\` and \`${f.name}_wo\`.`,
      },
    ],
    [
      `${f.name}_wo_version`,
      { type: 'number', optional: true, description: `Any number; change it (for example, add 1) to send \`${f.name}_wo\` again, which rotates the ${f.name} in place.` },
    ],
  ];
}

const DURATION = 'A duration such as `"30s"`, `"5m"` or `"1h30m"`; default `20m`.';

/** Deadlines per operation, as terraform-plugin-framework-timeouts shapes them. */
const timeoutsBlock: SchemaNestedBlock = {
  nesting_mode: 'single',
  block: {
    description: 'Deadlines for each operation.',
    attributes: Object.fromEntries(
      (['create', 'read', 'update', 'delete'] as const).map((op): [string, SchemaAttribute] => [op, { type: 'string', optional: true, description: `How long the ${op} may take. ${DURATION}` }]),
    ),
  },
};

function resourceBlock(model: ResourceModel): SchemaBlock {
  const attributes: Record<string, SchemaAttribute> = {};
  for (const f of model.fields) for (const [name, a] of fieldAttributes(f)) attributes[name] = a;
  if (model.kind === providerApiKey.kind) {
    attributes.deletion_protection = {
      type: 'bool',
      optional: true,
      description: 'When true, a plan that would delete or replace the key while buckets or AI models still use it fails instead of warning. Defaults to false.',
    };
  }
  return { description: model.description, attributes, block_types: { timeouts: timeoutsBlock } };
}

/** What each entry of `api_keys` holds: every field of the key the API returns (all but the secret). */
function apiKeyListEntry(): { [name: string]: SchemaType } {
  const entry: Record<string, SchemaType> = {};
  for (const f of providerApiKey.fields) if (!f.writeOnly) entry[f.name] = ctyType(f);
  return entry;
}

const dataSourceBlock: SchemaBlock = {
  description: 'The provider API keys of a workspace, with how many buckets and AI models use each.',
  attributes: {
    workspace_id: { type: 'string', optional: true, computed: true, description: "The workspace to list. Defaults to the provider's `workspace_id`." },
    provider_type: { type: 'string', optional: true, description: 'Only keys of this provider type, such as `AWS`.' },
    api_keys: {
      type: ['list', ['object', apiKeyListEntry()]],
      computed: true,
      sensitive: true,
      description: 'The keys, with `bucket_count` and `ai_llm_count`. Sensitive as a whole because each entry holds the public `key`.',
    },
  },
};

/** Terraform type name of a core model: `flashback_<kind>`. */
export const terraformTypeOf = (model: { kind: string }): string => `flashback_${model.kind}`;

export const DATA_SOURCE_TYPE = 'flashback_provider_api_keys';

export function deriveProviderSchema(): ProvidersSchemaDocument {
  return {
    format_version: '1.0',
    provider_schemas: {
      [PROVIDER_ADDRESS]: {
        provider: { version: 0, block: providerBlock },
        resource_schemas: Object.fromEntries(resourceModels.map((m) => [terraformTypeOf(m), { version: 0, block: resourceBlock(m) }])),
        data_source_schemas: { [DATA_SOURCE_TYPE]: { version: 0, block: dataSourceBlock } },
      },
    },
  };
}
