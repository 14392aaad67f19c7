/**
 * Schema description for providers, resources and data sources: attributes with their cty type,
 * mode (required / optional / computed), secrecy (sensitive, write-only), Markdown description,
 * plan modifiers and validators; nested blocks. Schemas are data: the generic adapter derives
 * the wire schema, the implied cty type, planning and validation from them, and `ModelOf` gives
 * resource code the TypeScript type of a decoded object.
 */
import { t, type CtyType, type ObjectType } from '../codec/cty-type';
import type { AnyObject, KnownOf, Value, ValueOf } from '../codec/value';
import type { PlanModifier } from './plan-modifiers';
import type { Validator } from './validators';

export interface AttributeSpec<C extends CtyType = CtyType> {
  readonly kind: 'attribute';
  readonly type: C;
  /** Markdown; feeds the generated docs and the language server. */
  readonly description: string;
  readonly required: boolean;
  readonly optional: boolean;
  readonly computed: boolean;
  readonly sensitive: boolean;
  /** Only in configuration: never in plan or state (Terraform 1.11+). */
  readonly writeOnly: boolean;
  readonly deprecated: boolean;
  readonly planModifiers: readonly PlanModifier[];
  /**
   * Typed `Validator<KnownOf<C>>` where the attribute is built (`attribute()` checks it); held as
   * `Validator<never>` so an AttributeSpec stays covariant in C and fits the erased `AttributeSpecs`.
   */
  readonly validators: readonly Validator<never>[];
}

export type BlockNesting = 'single' | 'group' | 'list' | 'set' | 'map';

export interface NestedBlockSpec<B extends BlockSpec = BlockSpec, M extends BlockNesting = BlockNesting> {
  readonly kind: 'block';
  readonly nesting: M;
  readonly block: B;
  readonly minItems: number;
  readonly maxItems: number;
}

export type AttributeSpecs = { readonly [name: string]: AttributeSpec };
export type NestedBlockSpecs = { readonly [name: string]: NestedBlockSpec };

export interface BlockSpec<A extends AttributeSpecs = AttributeSpecs, N extends NestedBlockSpecs = NestedBlockSpecs> {
  readonly description: string;
  readonly deprecated: boolean;
  readonly attributes: A;
  readonly blocks: N;
}

/** A resource or data source schema; `version` bumps when stored state needs upgrading. */
export interface TypeSchema<B extends BlockSpec = BlockSpec> {
  readonly version: number;
  readonly block: B;
}

// ---- builders ----

export interface AttributeOptions<T> {
  readonly description: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly writeOnly?: boolean;
  readonly deprecated?: boolean;
  readonly planModifiers?: readonly PlanModifier[];
  readonly validators?: readonly Validator<T>[];
}

export function attribute<C extends CtyType>(type: C, options: AttributeOptions<KnownOf<C>>): AttributeSpec<C> {
  return {
    kind: 'attribute',
    type,
    description: options.description,
    required: options.required ?? false,
    optional: options.optional ?? false,
    computed: options.computed ?? false,
    sensitive: options.sensitive ?? false,
    writeOnly: options.writeOnly ?? false,
    deprecated: options.deprecated ?? false,
    planModifiers: options.planModifiers ?? [],
    validators: options.validators ?? [],
  };
}

/** `attr.string({ description, required: true })`; `attr.of(t.map(t.string), {…})` for collections. */
export const attr = {
  string: (options: AttributeOptions<string>) => attribute(t.string, options),
  number: (options: AttributeOptions<number>) => attribute(t.number, options),
  bool: (options: AttributeOptions<boolean>) => attribute(t.bool, options),
  of: attribute,
} as const;

export function block<A extends AttributeSpecs>(definition: {
  readonly description: string;
  readonly attributes: A;
  readonly deprecated?: boolean;
}): BlockSpec<A, Record<never, never>>;
export function block<A extends AttributeSpecs, N extends NestedBlockSpecs>(definition: {
  readonly description: string;
  readonly attributes: A;
  readonly blocks: N;
  readonly deprecated?: boolean;
}): BlockSpec<A, N>;
// Two signatures, so a block without nested blocks gets an empty N even when the call sits inside
// another block's definition (a single generic default would be inferred from that context).
export function block(definition: {
  readonly description: string;
  readonly attributes: AttributeSpecs;
  readonly blocks?: NestedBlockSpecs;
  readonly deprecated?: boolean;
}): BlockSpec {
  return {
    description: definition.description,
    deprecated: definition.deprecated ?? false,
    attributes: definition.attributes,
    blocks: definition.blocks ?? {},
  };
}

interface ItemLimits {
  readonly minItems?: number;
  readonly maxItems?: number;
}

function nestedBlock<B extends BlockSpec, M extends BlockNesting>(nesting: M, inner: B, limits: ItemLimits = {}): NestedBlockSpec<B, M> {
  return { kind: 'block', nesting, block: inner, minItems: limits.minItems ?? 0, maxItems: limits.maxItems ?? 0 };
}

/** Nested blocks: `nested.list(block({…}), { maxItems: 3 })`. */
export const nested = {
  single: <B extends BlockSpec>(inner: B) => nestedBlock('single', inner),
  group: <B extends BlockSpec>(inner: B) => nestedBlock('group', inner),
  list: <B extends BlockSpec>(inner: B, limits?: ItemLimits) => nestedBlock('list', inner, limits),
  set: <B extends BlockSpec>(inner: B, limits?: ItemLimits) => nestedBlock('set', inner, limits),
  map: <B extends BlockSpec>(inner: B) => nestedBlock('map', inner),
} as const;

// ---- the TypeScript model of a block's value ----

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The decoded value of block `B`; for the erased `BlockSpec` of generic code, any object value. */
export type ModelOf<B extends BlockSpec> = BlockSpec extends B
  ? AnyObject
  : B extends BlockSpec<infer A, infer N>
    ? Simplify<
        { readonly [K in keyof A]: ValueOf<A[K]['type']> } & {
          readonly [K in keyof N]: NestedBlockValueOf<N[K]>;
        }
      >
    : never;

export type NestedBlockValueOf<S extends NestedBlockSpec> =
  S extends NestedBlockSpec<infer B, infer M>
    ? M extends 'list' | 'set'
      ? Value<ReadonlyArray<ModelOf<B>>>
      : M extends 'map'
        ? Value<{ readonly [key: string]: ModelOf<B> }>
        : Value<ModelOf<B>>
    : never;

// ---- derived facts ----

/** The cty object type of a block's value: attributes plus nested blocks as objects or collections of them. */
export function impliedType(spec: BlockSpec): ObjectType {
  const attributes: Record<string, CtyType> = {};
  for (const [name, attributeSpec] of Object.entries(spec.attributes)) attributes[name] = attributeSpec.type;
  for (const [name, nestedSpec] of Object.entries(spec.blocks)) attributes[name] = nestedBlockType(nestedSpec);
  return t.object(attributes);
}

export function nestedBlockType(spec: NestedBlockSpec): CtyType {
  const element = impliedType(spec.block);
  switch (spec.nesting) {
    case 'single':
    case 'group':
      return element;
    case 'list':
      return t.list(element);
    case 'set':
      return t.set(element);
    case 'map':
      return t.map(element);
  }
}

export function hasWriteOnlyAttributes(spec: BlockSpec): boolean {
  return (
    Object.values(spec.attributes).some((attributeSpec) => attributeSpec.writeOnly) ||
    Object.values(spec.blocks).some((nestedSpec) => hasWriteOnlyAttributes(nestedSpec.block))
  );
}
