/**
 * The schema the provider serves, in the shape of `terraform providers schema -json`, built in
 * process from the same TypeSchemas that GetProviderSchema sends. The one schema source: the
 * registry docs (./docs.ts) and the CDKTF binding generator read this document, and a test
 * compares it with what the real `terraform` prints for our provider.
 *
 * Like Terraform's JSON, flags that are false and empty maps are left out.
 */
import { ctyTypeToJson } from './codec/cty-type';
import type { AttributeSpec, BlockSpec, NestedBlockSpec, TfProvider, TypeSchema } from './framework';

/** A cty type in JSON form: `"string"`, `["list", T]`, `["object", {name: T}]`, ... */
export type SchemaType = string | readonly [string, SchemaType] | readonly ['object', { readonly [name: string]: SchemaType }] | readonly ['tuple', readonly SchemaType[]];

export interface SchemaAttribute {
  readonly type: SchemaType;
  readonly description?: string;
  readonly description_kind?: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly write_only?: boolean;
  readonly deprecated?: boolean;
}

export interface SchemaNestedBlock {
  readonly nesting_mode: 'single' | 'group' | 'list' | 'set' | 'map';
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface SchemaBlock {
  readonly attributes?: { readonly [name: string]: SchemaAttribute };
  readonly block_types?: { readonly [name: string]: SchemaNestedBlock };
  readonly description?: string;
  readonly description_kind?: string;
  readonly deprecated?: boolean;
}

export interface TypeSchemaJson {
  readonly version: number;
  readonly block: SchemaBlock;
}

export interface ProviderSchemaJson {
  readonly provider: TypeSchemaJson;
  readonly resource_schemas?: { readonly [type: string]: TypeSchemaJson };
  readonly data_source_schemas?: { readonly [type: string]: TypeSchemaJson };
}

export interface ProvidersSchemaDocument {
  readonly format_version: string;
  readonly provider_schemas: { readonly [address: string]: ProviderSchemaJson };
}

/** The provider's type name, source address as users write it, and the address Terraform reports. */
export const PROVIDER_NAME = 'flashback';
export const PROVIDER_SOURCE = 'flashback/flashback';
export const PROVIDER_ADDRESS = 'registry.terraform.io/flashback/flashback';

const flag = <K extends string>(key: K, on: boolean): Partial<Record<K, true>> => (on ? ({ [key]: true } as Partial<Record<K, true>>) : {});
const text = (description: string): { description?: string; description_kind: string } => ({ ...(description === '' ? {} : { description }), description_kind: 'markdown' });

function attributeJson(a: AttributeSpec): SchemaAttribute {
  return {
    type: ctyTypeToJson(a.type),
    ...text(a.description),
    ...flag('required', a.required),
    ...flag('optional', a.optional),
    ...flag('computed', a.computed),
    ...flag('sensitive', a.sensitive),
    ...flag('write_only', a.writeOnly),
    ...flag('deprecated', a.deprecated),
  };
}

function nestedJson(n: NestedBlockSpec): SchemaNestedBlock {
  return { nesting_mode: n.nesting, block: blockJson(n.block), ...(n.minItems > 0 ? { min_items: n.minItems } : {}), ...(n.maxItems > 0 ? { max_items: n.maxItems } : {}) };
}

function blockJson(b: BlockSpec): SchemaBlock {
  const attributes = Object.entries(b.attributes);
  const blocks = Object.entries(b.blocks);
  return {
    ...(attributes.length > 0 ? { attributes: Object.fromEntries(attributes.map(([name, a]) => [name, attributeJson(a)])) } : {}),
    ...(blocks.length > 0 ? { block_types: Object.fromEntries(blocks.map(([name, n]) => [name, nestedJson(n)])) } : {}),
    ...text(b.description),
    ...flag('deprecated', b.deprecated),
  };
}

const typeSchemaJson = (s: TypeSchema): TypeSchemaJson => ({ version: s.version, block: blockJson(s.block) });

export function providersSchemaDocument<P>(provider: TfProvider<P>): ProvidersSchemaDocument {
  return {
    format_version: '1.0',
    provider_schemas: {
      [PROVIDER_ADDRESS]: {
        provider: typeSchemaJson(provider.definition.schema),
        resource_schemas: Object.fromEntries(provider.resources.map((r) => [r.typeName, typeSchemaJson(r.schema)])),
        data_source_schemas: Object.fromEntries(provider.dataSources.map((d) => [d.typeName, typeSchemaJson(d.schema)])),
      },
    },
  };
}

/** The one provider schema of a document, by its address (throws when it is not there). */
export function flashbackSchema(doc: ProvidersSchemaDocument): ProviderSchemaJson {
  const schema = doc.provider_schemas[PROVIDER_ADDRESS];
  if (!schema) {
    throw new Error(`The schema document has no provider "${PROVIDER_ADDRESS}"; it has: ${Object.keys(doc.provider_schemas).join(', ') || 'none'}.`);
  }
  return schema;
}
