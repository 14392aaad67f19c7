/**
 * The tri-state value model: every Terraform value is known, null, or unknown.
 *
 * A known value is the plain JavaScript value (string, number, boolean, array, object), `null` is
 * null, and unknown is the `Unknown` sentinel. `undefined` is never a value: an absent object
 * attribute is null, and the encoder writes every attribute.
 */
import type {
  BoolType,
  CtyType,
  ListType,
  MapType,
  NumberType,
  ObjectType,
  SetType,
  StringType,
  TupleType,
} from './cty-type';
import { childPath, type AttributePath } from './path';

/** "Known after apply". A registered symbol, so two copies of this module agree on it. */
export const Unknown: unique symbol = Symbol.for('flashback-iac.terraform.unknown');
export type Unknown = typeof Unknown;

export type Value<T> = T | null | Unknown;

/** The TypeScript type of a known value of cty type `T`. */
export type KnownOf<T extends CtyType> = T extends StringType
  ? string
  : T extends NumberType
    ? number
    : T extends BoolType
      ? boolean
      : T extends ListType<infer E extends CtyType>
        ? ReadonlyArray<ValueOf<E>>
        : T extends SetType<infer E extends CtyType>
          ? ReadonlyArray<ValueOf<E>>
          : T extends MapType<infer E extends CtyType>
            ? { readonly [key: string]: ValueOf<E> }
            : T extends ObjectType<infer A>
              ? { readonly [K in keyof A]: ValueOf<A[K]> }
              : T extends TupleType<infer E>
                ? { readonly [I in keyof E]: E[I] extends CtyType ? ValueOf<E[I]> : never }
                : never;

export type ValueOf<T extends CtyType> = Value<KnownOf<T>>;

/** A value of any type, as the codec and the generic adapter see it. */
export type AnyValue = null | Unknown | string | number | boolean | readonly AnyValue[] | AnyObject;
export interface AnyObject {
  readonly [key: string]: AnyValue;
}

export function isUnknown(value: unknown): value is Unknown {
  return value === Unknown;
}

export function isNull(value: unknown): value is null {
  return value === null;
}

/** Known and not null. */
export function isKnown<T>(value: Value<T>): value is T {
  return value !== null && value !== Unknown;
}

export function isObjectValue(value: AnyValue): value is AnyObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own-property lookup, so a map key such as `constructor` never reaches Object.prototype. */
export function getOwn(object: AnyObject, key: string): AnyValue {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : null;
}

/** True when no unknown appears anywhere inside `value`. */
export function isWhollyKnown(value: AnyValue): boolean {
  if (value === Unknown) return false;
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (isObjectValue(value)) return Object.values(value).every(isWhollyKnown);
  return true;
}

/** Paths of every unknown inside `value`, for messages naming what was left unset. */
export function unknownPaths(value: AnyValue, type: CtyType, path: AttributePath = []): AttributePath[] {
  if (value === Unknown) return [path];
  if (value === null) return [];
  switch (type.kind) {
    case 'list':
    case 'set':
      return asArray(value).flatMap((element, index) =>
        unknownPaths(element, type.element, type.kind === 'list' ? childPath(path, { index }) : path),
      );
    case 'tuple':
      return asArray(value).flatMap((element, index) =>
        unknownPaths(element, type.elements[index], childPath(path, { index })),
      );
    case 'map':
      return Object.entries(asObject(value)).flatMap(([key, element]) =>
        unknownPaths(element, type.element, childPath(path, { key })),
      );
    case 'object':
      return Object.entries(type.attributes).flatMap(([name, attributeType]) =>
        unknownPaths(getOwn(asObject(value), name), attributeType, childPath(path, { attribute: name })),
      );
    default:
      return [];
  }
}

/**
 * cty equality: unknown equals only unknown, sets compare without order, objects compare the
 * attributes of `type` (a missing attribute counts as null).
 */
export function valuesEqual(a: AnyValue, b: AnyValue, type: CtyType): boolean {
  if (a === Unknown || b === Unknown || a === null || b === null) return a === b;
  switch (type.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return a === b;
    case 'list': {
      const [x, y] = [asArray(a), asArray(b)];
      return x.length === y.length && x.every((element, i) => valuesEqual(element, y[i], type.element));
    }
    case 'tuple': {
      const [x, y] = [asArray(a), asArray(b)];
      return x.length === y.length && x.every((element, i) => valuesEqual(element, y[i], type.elements[i]));
    }
    case 'set': {
      const [x, y] = [asArray(a), asArray(b)];
      return (
        x.length === y.length &&
        x.every((element) => y.some((other) => valuesEqual(element, other, type.element))) &&
        y.every((element) => x.some((other) => valuesEqual(element, other, type.element)))
      );
    }
    case 'map': {
      const [x, y] = [asObject(a), asObject(b)];
      const keys = Object.keys(x);
      return (
        keys.length === Object.keys(y).length &&
        keys.every((key) => Object.prototype.hasOwnProperty.call(y, key) && valuesEqual(x[key], y[key], type.element))
      );
    }
    case 'object': {
      const [x, y] = [asObject(a), asObject(b)];
      return Object.entries(type.attributes).every(([name, attributeType]) =>
        valuesEqual(getOwn(x, name), getOwn(y, name), attributeType),
      );
    }
  }
}

function asArray(value: AnyValue): readonly AnyValue[] {
  if (!Array.isArray(value)) throw new TypeError(`expected a list, set or tuple value, got ${typeof value}`);
  return value;
}

function asObject(value: AnyValue): AnyObject {
  if (!isObjectValue(value)) throw new TypeError(`expected an object or map value, got ${typeof value}`);
  return value;
}
