/**
 * DynamicValue MessagePack, the encoding Terraform core always sends and the one providers answer
 * in. Layout per cty: objects are maps with every attribute, strings are `str`, integral numbers
 * are ints and others float64, and unknown is extension 0 (`d4 00 00`). Any extension type
 * decodes as unknown (type 12 carries refinements we do not need to honour on input).
 */
import { Decoder, Encoder, ExtData, ExtensionCodec } from '@msgpack/msgpack';
import type { CtyType } from './cty-type';
import { CodecError } from './errors';
import type { AnyValue } from './value';
import { valueFromWire, valueToWire } from './wire-value';

/** The library decodes extension -1 to a Date by default; here every extension stays raw. */
const rawExtensions = new ExtensionCodec();
rawExtensions.register({ type: -1, encode: () => null, decode: (data, type) => new ExtData(type, data) });

const decoder = new Decoder({ extensionCodec: rawExtensions, useBigInt64: true });
const encoder = new Encoder({ extensionCodec: rawExtensions, sortKeys: true, forceFloat32: false, ignoreUndefined: false });

const UNKNOWN_EXTENSION = new ExtData(0, Uint8Array.of(0));

export function decodeMsgpack(bytes: Uint8Array, type: CtyType): AnyValue {
  let tree: unknown;
  try {
    tree = decoder.decode(bytes);
  } catch (error) {
    throw new CodecError([], `malformed MessagePack: ${(error as Error).message}`);
  }
  return valueFromWire(tree, type, [], {
    isUnknownNode: (node) => node instanceof ExtData,
    ignoreUndeclaredAttributes: false,
  });
}

export function encodeMsgpack(value: AnyValue, type: CtyType): Uint8Array {
  const tree = valueToWire(value, type, [], { unknownNode: () => UNKNOWN_EXTENSION });
  return encoder.encode(tree);
}
