/**
 * Schema-directed conversion between what a msgpack or JSON reader produces (untyped nodes) and
 * the tri-state value model. Both wire formats share this walk, so they cannot disagree about
 * what a null, a missing attribute or a number looks like.
 */
import type { CtyType } from './cty-type';
import { describeCtyType } from './cty-type';
import { CodecError } from './errors';
import { childPath, type AttributePath } from './path';
import { Unknown, getOwn, isObjectValue, type AnyObject, type AnyValue } from './value';

/** A JSON number token kept as its source text, so big integers keep every digit until typed. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export interface FromWireOptions {
  /** Whether a node is a wire-level unknown (msgpack extension); JSON has none. */
  readonly isUnknownNode: (node: unknown) => boolean;
  /**
   * Skip object attributes the type does not declare instead of failing. Used for stored state,
   * which may hold attributes an older schema had.
   */
  readonly ignoreUndeclaredAttributes: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function valueFromWire(node: unknown, type: CtyType, path: AttributePath, options: FromWireOptions): AnyValue {
  if (options.isUnknownNode(node)) return Unknown;
  if (node === null || node === undefined) return null;
  switch (type.kind) {
    case 'string':
      if (typeof node === 'string') return node;
      if (node instanceof Uint8Array) return decodeUtf8(node, path);
      // cty's JSON reader turns number and bool tokens into strings when the schema says string.
      if (node instanceof JsonNumber) return node.text;
      if (typeof node === 'boolean') return String(node);
      throw mismatch(path, type, node);
    case 'number':
      return numberFromWire(node, path);
    case 'bool':
      if (typeof node === 'boolean') return node;
      throw mismatch(path, type, node);
    case 'list':
    case 'set': {
      const elements = expectArray(node, type, path);
      return elements.map((element, index) =>
        valueFromWire(element, type.element, type.kind === 'list' ? childPath(path, { index }) : path, options),
      );
    }
    case 'tuple': {
      const elements = expectArray(node, type, path);
      if (elements.length !== type.elements.length) {
        throw new CodecError(path, `a tuple of ${type.elements.length} elements is required (${elements.length} given)`);
      }
      return elements.map((element, index) =>
        valueFromWire(element, type.elements[index], childPath(path, { index }), options),
      );
    }
    case 'map': {
      const entries = expectRecord(node, type, path);
      return buildObject(
        Object.keys(entries).map((key) => [
          key,
          valueFromWire(entries[key], type.element, childPath(path, { key }), options),
        ]),
      );
    }
    case 'object': {
      const entries = expectRecord(node, type, path);
      if (!options.ignoreUndeclaredAttributes) {
        const undeclared = Object.keys(entries).filter((name) => !Object.hasOwn(type.attributes, name));
        if (undeclared.length > 0) throw new CodecError(path, `unsupported attribute "${undeclared[0]}"`);
      }
      return buildObject(
        Object.keys(type.attributes).map((name) => [
          name,
          valueFromWire(
            Object.hasOwn(entries, name) ? entries[name] : null,
            type.attributes[name],
            childPath(path, { attribute: name }),
            options,
          ),
        ]),
      );
    }
  }
}

/** What `valueToWire` puts where an unknown stands; the msgpack layer supplies its extension. */
export interface ToWireOptions {
  readonly unknownNode: () => unknown;
}

/**
 * The value as a plain tree for an encoder: every object attribute of `type` present (null when
 * the value lacks it), attributes the type does not declare rejected.
 */
export function valueToWire(value: AnyValue, type: CtyType, path: AttributePath, options: ToWireOptions): unknown {
  if (value === Unknown) return options.unknownNode();
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') throw mismatch(path, type, value);
      return value;
    case 'number':
      if (typeof value !== 'number' || Number.isNaN(value)) throw mismatch(path, type, value);
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw mismatch(path, type, value);
      return value;
    case 'list':
    case 'set': {
      const elements = expectArray(value, type, path);
      return elements.map((element, index) =>
        valueToWire(element as AnyValue, type.element, type.kind === 'list' ? childPath(path, { index }) : path, options),
      );
    }
    case 'tuple': {
      const elements = expectArray(value, type, path);
      if (elements.length !== type.elements.length) {
        throw new CodecError(path, `a tuple of ${type.elements.length} elements is required (${elements.length} given)`);
      }
      return elements.map((element, index) =>
        valueToWire(element as AnyValue, type.elements[index], childPath(path, { index }), options),
      );
    }
    case 'map': {
      if (!isObjectValue(value)) throw mismatch(path, type, value);
      return buildRecord(
        Object.keys(value).map((key) => [key, valueToWire(value[key], type.element, childPath(path, { key }), options)]),
      );
    }
    case 'object': {
      if (!isObjectValue(value)) throw mismatch(path, type, value);
      const undeclared = Object.keys(value).filter((name) => !Object.hasOwn(type.attributes, name));
      if (undeclared.length > 0) throw new CodecError(path, `unsupported attribute "${undeclared[0]}"`);
      return buildRecord(
        Object.keys(type.attributes).map((name) => [
          name,
          valueToWire(getOwn(value, name), type.attributes[name], childPath(path, { attribute: name }), options),
        ]),
      );
    }
  }
}

/**
 * Numbers arrive as msgpack ints (bigint when int64), float64, or a decimal string (cty's form for
 * values that neither holds exactly, e.g. `0.1` parsed from HCL); JSON gives the token text.
 * JavaScript numbers are float64, so an integer beyond 2^53 is refused rather than rounded.
 */
function numberFromWire(node: unknown, path: AttributePath): number {
  if (typeof node === 'number') return node;
  if (typeof node === 'bigint') return exactInteger(node, path);
  const text = typeof node === 'string' ? node : node instanceof JsonNumber ? node.text : null;
  if (text === null) throw new CodecError(path, `a number is required (${describeNode(node)} given)`);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim())) {
    throw new CodecError(path, `"${text}" is not a number`);
  }
  if (/^[+-]?\d+$/.test(text.trim())) return exactInteger(BigInt(text.trim()), path);
  const number = Number(text);
  if (!Number.isFinite(number)) throw new CodecError(path, `${text} is out of range`);
  return number;
}

function exactInteger(value: bigint, path: AttributePath): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) {
    throw new CodecError(path, `${value} does not fit the provider's numbers (integers up to 2^53 are exact)`);
  }
  return number;
}

function decodeUtf8(bytes: Uint8Array, path: AttributePath): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new CodecError(path, 'a string is required (binary data that is not UTF-8 given)');
  }
}

function expectArray(node: unknown, type: CtyType, path: AttributePath): readonly unknown[] {
  if (!Array.isArray(node)) throw mismatch(path, type, node);
  return node;
}

function expectRecord(node: unknown, type: CtyType, path: AttributePath): Readonly<Record<string, unknown>> {
  if (typeof node !== 'object' || node === null || Array.isArray(node) || node instanceof Uint8Array) {
    throw mismatch(path, type, node);
  }
  return node as Record<string, unknown>;
}

/** An object whose keys are own data properties even when a key is `__proto__`. */
function buildObject(entries: ReadonlyArray<readonly [string, AnyValue]>): AnyObject {
  return Object.fromEntries(entries) as AnyObject;
}

function buildRecord(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  return Object.fromEntries(entries) as Record<string, unknown>;
}

function mismatch(path: AttributePath, type: CtyType, node: unknown): CodecError {
  return new CodecError(path, `a value of type ${describeCtyType(type)} is required (${describeNode(node)} given)`);
}

function describeNode(node: unknown): string {
  if (node === null) return 'null';
  if (Array.isArray(node)) return 'an array';
  if (node instanceof Uint8Array) return 'binary data';
  if (node instanceof JsonNumber) return 'a number';
  return `a ${typeof node}`;
}
