/**
 * The shape of `terraform providers schema -json`, as far as the CDKTF bindings need it. The
 * binding generator reads this document, whether it comes from the core field specs
 * ({@link deriveProviderSchema}) or from the real provider through the real `terraform`, so
 * both sources are compared in the same terms.
 */

/** A cty type in JSON form: `"string"`, `["list", T]`, `["object", {name: T}]`, ... */
export type SchemaType = 'string' | 'number' | 'bool' | 'dynamic' | readonly [string, SchemaType] | readonly ['object', { readonly [name: string]: SchemaType }];

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
  /**
   * Nested blocks. The generator renders single blocks of optional scalar attributes (the
   * resources' `timeouts`) and refuses any other kind rather than dropping it.
   */
  readonly block_types?: { readonly [name: string]: SchemaNestedBlock };
  readonly description?: string;
  readonly description_kind?: string;
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

/** The one provider schema of a document, by its address (throws when it is not there). */
export function flashbackSchema(doc: ProvidersSchemaDocument): ProviderSchemaJson {
  const schema = doc.provider_schemas[PROVIDER_ADDRESS];
  if (!schema) {
    throw new Error(`The schema document has no provider "${PROVIDER_ADDRESS}"; it has: ${Object.keys(doc.provider_schemas).join(', ') || 'none'}.`);
  }
  return schema;
}
