/** The one place bytes (MessagePack or JSON) become typed values and back. */
export * from './cty-type';
export * from './path';
export * from './value';
export { CodecError } from './errors';
export { decodeMsgpack, encodeMsgpack } from './msgpack';
export { decodeJson, parseJsonTree, JsonNumber, type JsonTree, type DecodeJsonOptions } from './json';
