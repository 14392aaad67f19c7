/**
 * The cty type system as Terraform puts it on the wire: the subset a provider schema can declare.
 *
 * Every type is a plain readonly object so schemas stay data; the generic parameters carry the
 * element/attribute types so `KnownOf<T>` can give resource code precise TypeScript types.
 * `dynamic` (DynamicPseudoType) is deliberately absent: no Flashback attribute needs it, and
 * supporting it would put type information inside values.
 */

export interface StringType {
  readonly kind: 'string';
}
export interface NumberType {
  readonly kind: 'number';
}
export interface BoolType {
  readonly kind: 'bool';
}
export interface ListType<E extends CtyType = CtyType> {
  readonly kind: 'list';
  readonly element: E;
}
export interface SetType<E extends CtyType = CtyType> {
  readonly kind: 'set';
  readonly element: E;
}
export interface MapType<E extends CtyType = CtyType> {
  readonly kind: 'map';
  readonly element: E;
}
export interface ObjectType<A extends AttributeTypes = AttributeTypes> {
  readonly kind: 'object';
  readonly attributes: A;
}
export interface TupleType<E extends readonly CtyType[] = readonly CtyType[]> {
  readonly kind: 'tuple';
  readonly elements: E;
}

export type AttributeTypes = { readonly [name: string]: CtyType };

export type CtyType = StringType | NumberType | BoolType | ListType | SetType | MapType | ObjectType | TupleType;

/** Constructors; `t.list(t.string)` keeps `ListType<StringType>` so values get typed. */
export const t = {
  string: { kind: 'string' } as StringType,
  number: { kind: 'number' } as NumberType,
  bool: { kind: 'bool' } as BoolType,
  list: <E extends CtyType>(element: E): ListType<E> => ({ kind: 'list', element }),
  set: <E extends CtyType>(element: E): SetType<E> => ({ kind: 'set', element }),
  map: <E extends CtyType>(element: E): MapType<E> => ({ kind: 'map', element }),
  object: <A extends AttributeTypes>(attributes: A): ObjectType<A> => ({ kind: 'object', attributes }),
  tuple: <E extends readonly CtyType[]>(...elements: E): TupleType<E> => ({ kind: 'tuple', elements }),
} as const;

/** The JSON form of a cty type, used by `Schema.Attribute.type`: `"string"`, `["list","string"]`, `["object",{…}]`. */
export type CtyTypeJson = string | [string, CtyTypeJson] | ['object', { [name: string]: CtyTypeJson }] | ['tuple', CtyTypeJson[]];

export function ctyTypeToJson(type: CtyType): CtyTypeJson {
  switch (type.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return type.kind;
    case 'list':
    case 'set':
    case 'map':
      return [type.kind, ctyTypeToJson(type.element)];
    case 'object': {
      const attributes: { [name: string]: CtyTypeJson } = {};
      for (const name of Object.keys(type.attributes).sort()) attributes[name] = ctyTypeToJson(type.attributes[name]);
      return ['object', attributes];
    }
    case 'tuple':
      return ['tuple', type.elements.map(ctyTypeToJson)];
  }
}

/** `ctyTypeToJson` serialised, as bytes ready for the protocol's `bytes type` field. */
export function ctyTypeBytes(type: CtyType): Buffer {
  return Buffer.from(JSON.stringify(ctyTypeToJson(type)), 'utf8');
}

export function describeCtyType(type: CtyType): string {
  return JSON.stringify(ctyTypeToJson(type));
}
