/** Our schema description → the protocol's `Schema` message. */
import { ctyTypeBytes } from '../codec/cty-type';
import {
  BlockNesting,
  StringKind,
  type SchemaAttributeMessage,
  type SchemaBlockMessage,
  type SchemaMessage,
} from '../protocol/tfplugin6-messages';
import type { AttributeSpec, BlockSpec, TypeSchema } from './schema';

export function schemaMessage(schema: TypeSchema): SchemaMessage {
  return { version: schema.version, block: blockMessage(schema.block, schema.version) };
}

function blockMessage(spec: BlockSpec, version = 0): SchemaBlockMessage {
  return {
    version,
    attributes: Object.entries(spec.attributes).map(([name, attributeSpec]) => attributeMessage(name, attributeSpec)),
    block_types: Object.entries(spec.blocks).map(([name, nestedSpec]) => ({
      type_name: name,
      block: blockMessage(nestedSpec.block),
      nesting: BlockNesting[nestedSpec.nesting.toUpperCase() as keyof typeof BlockNesting],
      min_items: nestedSpec.minItems,
      max_items: nestedSpec.maxItems,
    })),
    description: spec.description,
    description_kind: StringKind.MARKDOWN,
    deprecated: spec.deprecated,
  };
}

function attributeMessage(name: string, spec: AttributeSpec): SchemaAttributeMessage {
  return {
    name,
    type: ctyTypeBytes(spec.type),
    description: spec.description,
    description_kind: StringKind.MARKDOWN,
    required: spec.required,
    optional: spec.optional,
    computed: spec.computed,
    sensitive: spec.sensitive,
    deprecated: spec.deprecated,
    write_only: spec.writeOnly,
  };
}
