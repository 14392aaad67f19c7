/**
 * The shape of `terraform providers schema -json`, as far as the CDKTF bindings need it: the
 * binding generator reads this document, built in process from the schema the provider serves
 * (src/terraform/schema-json.ts) or printed by the real `terraform` for it, so both are compared
 * in the same terms.
 */
export {
  PROVIDER_ADDRESS,
  PROVIDER_NAME,
  PROVIDER_SOURCE,
  flashbackSchema,
  type ProviderSchemaJson,
  type ProvidersSchemaDocument,
  type SchemaAttribute,
  type SchemaBlock,
  type SchemaNestedBlock,
  type SchemaType,
  type TypeSchemaJson,
} from '../../terraform/schema-json';
