/**
 * The bindings and a provider schema in the same terms, so they can be compared attribute by
 * attribute: name, cty type, mode (required / optional / optional+computed / computed),
 * sensitive, write-only; nested blocks by name, nesting and their own attributes.
 */
import * as cdktf from 'cdktf';
import * as fb from '../../src/cdktf';
import type { BindingAttribute, BindingBlock } from '../../src/cdktf';
import type { ProvidersSchemaDocument, SchemaAttribute, SchemaBlock, SchemaType } from '../../src/cdktf/codegen/schema-document';
import { flashbackSchema } from '../../src/cdktf/codegen/schema-document';

export interface AttributeFacts {
  type: string;
  mode: BindingAttribute['mode'];
  sensitive: boolean;
  writeOnly: boolean;
}

export type BlockFacts = Record<string, AttributeFacts>;

/** A binding class as the module exports it: its Terraform type and generated attribute metadata. */
export interface BindingClass {
  readonly name: string;
  readonly tfResourceType: string;
  readonly attributes: readonly BindingAttribute[];
  readonly blocks?: readonly BindingBlock[];
  readonly prototype: object;
}

export type BindingKind = 'provider' | 'resource' | 'data';

/** Canonical JSON of a cty type (object attributes sorted). */
export function canonicalType(t: SchemaType): string {
  const sort = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sort);
    if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sort(v)]));
    return x;
  };
  return JSON.stringify(sort(t));
}

function modeOf(a: SchemaAttribute): AttributeFacts['mode'] {
  if (a.required) return 'required';
  if (a.optional) return a.computed ? 'optional_computed' : 'optional';
  return 'computed';
}

export function factsOfSchemaBlock(block: SchemaBlock): BlockFacts {
  return Object.fromEntries(
    Object.entries(block.attributes ?? {}).map(([name, a]) => [name, { type: canonicalType(a.type), mode: modeOf(a), sensitive: a.sensitive ?? false, writeOnly: a.write_only ?? false }]),
  );
}

export function factsOfBinding(attributes: readonly BindingAttribute[]): BlockFacts {
  return Object.fromEntries(attributes.map((a) => [a.name, { type: canonicalType(a.type), mode: a.mode, sensitive: a.sensitive, writeOnly: a.writeOnly }]));
}

/** Every difference between a binding and a schema block, one readable line each; empty when they agree. */
export function differences(where: string, binding: BlockFacts, schema: BlockFacts): string[] {
  const out: string[] = [];
  for (const name of new Set([...Object.keys(binding), ...Object.keys(schema)])) {
    const b = binding[name];
    const s = schema[name];
    if (!b) out.push(`${where}: the provider has attribute "${name}" (${JSON.stringify(s)}) that the binding lacks`);
    else if (!s) out.push(`${where}: the binding has attribute "${name}" (${JSON.stringify(b)}) that the provider lacks`);
    else {
      for (const k of ['type', 'mode', 'sensitive', 'writeOnly'] as const) {
        if (b[k] !== s[k]) out.push(`${where}: "${name}".${k} is ${JSON.stringify(b[k])} in the binding but ${JSON.stringify(s[k])} in the provider`);
      }
    }
  }
  return out;
}

/** The generated binding classes the module exports (not the hand-written subclasses), with their kind. */
export function bindingClasses(): { kind: BindingKind; cls: BindingClass }[] {
  const out: { kind: BindingKind; cls: BindingClass }[] = [];
  for (const value of Object.values(fb)) {
    if (typeof value !== 'function' || !Object.prototype.hasOwnProperty.call(value, 'attributes')) continue;
    const cls = value as unknown as BindingClass;
    const extendsBase = (base: { prototype: object }) => Object.prototype.isPrototypeOf.call(base.prototype, cls.prototype);
    const kind: BindingKind | undefined = extendsBase(cdktf.TerraformProvider) ? 'provider' : extendsBase(cdktf.TerraformResource) ? 'resource' : extendsBase(cdktf.TerraformDataSource) ? 'data' : undefined;
    if (kind) out.push({ kind, cls });
  }
  return out;
}

/** Compares every binding with a schema document; also lists provider types without a binding and bindings without a type. */
export function compareWithSchema(doc: ProvidersSchemaDocument): string[] {
  const schema = flashbackSchema(doc);
  const problems: string[] = [];
  const bindings = bindingClasses();
  const seen = { resource: new Set<string>(), data: new Set<string>() };
  for (const { kind, cls } of bindings) {
    const where = `${cls.name} (${kind} ${cls.tfResourceType})`;
    const block = kind === 'provider' ? schema.provider.block : kind === 'resource' ? schema.resource_schemas?.[cls.tfResourceType]?.block : schema.data_source_schemas?.[cls.tfResourceType]?.block;
    if (kind !== 'provider') seen[kind].add(cls.tfResourceType);
    if (!block) {
      problems.push(`${where}: the provider has no ${kind === 'data' ? 'data source' : kind} of this type`);
      continue;
    }
    problems.push(...differences(where, factsOfBinding(cls.attributes), factsOfSchemaBlock(block)));
    const bindingBlocks = new Map((cls.blocks ?? []).map((b) => [b.name, b]));
    const schemaBlocks = block.block_types ?? {};
    for (const name of new Set([...bindingBlocks.keys(), ...Object.keys(schemaBlocks)])) {
      const b = bindingBlocks.get(name);
      const s = schemaBlocks[name];
      if (!b) problems.push(`${where}: the provider declares the nested block "${name}" (${s.nesting_mode}) that the binding lacks`);
      else if (!s) problems.push(`${where}: the binding has the nested block "${name}" that the provider lacks`);
      else if (s.nesting_mode !== b.nesting) problems.push(`${where}: block "${name}" is ${b.nesting} in the binding but ${s.nesting_mode} in the provider`);
      else problems.push(...differences(`${where}, block ${name}`, factsOfBinding(b.attributes), factsOfSchemaBlock(s.block)));
    }
  }
  for (const t of Object.keys(schema.resource_schemas ?? {})) if (!seen.resource.has(t)) problems.push(`resource ${t}: served by the provider but has no binding`);
  for (const t of Object.keys(schema.data_source_schemas ?? {})) if (!seen.data.has(t)) problems.push(`data source ${t}: served by the provider but has no binding`);
  return problems;
}

/** Every attribute whose description differs between a binding and a schema document (nested blocks included). */
export function descriptionDifferences(doc: ProvidersSchemaDocument): string[] {
  const schema = flashbackSchema(doc);
  const out: string[] = [];
  const compare = (where: string, attributes: readonly BindingAttribute[], block: SchemaBlock | undefined) => {
    for (const a of attributes) {
      const served = block?.attributes?.[a.name]?.description ?? '';
      if (served !== a.description) out.push(`${where}: "${a.name}" is described as ${JSON.stringify(a.description)} in the binding but ${JSON.stringify(served)} by the provider`);
    }
  };
  for (const { kind, cls } of bindingClasses()) {
    const where = `${cls.name} (${kind} ${cls.tfResourceType})`;
    const block = kind === 'provider' ? schema.provider.block : kind === 'resource' ? schema.resource_schemas?.[cls.tfResourceType]?.block : schema.data_source_schemas?.[cls.tfResourceType]?.block;
    compare(where, cls.attributes, block);
    for (const b of cls.blocks ?? []) compare(`${where}, block ${b.name}`, b.attributes, block?.block_types?.[b.name]?.block);
  }
  return out;
}
