/**
 * Message codecs generated one at a time, when first called, by protobufjs's own generators.
 *
 * protobufjs generates a message type's code at the type's first use, five functions at once
 * (`Type#setup`: encode, decode, verify, fromObject, toObject), and compiles each. A gRPC server
 * calls two of them per type: a request is decoded and made a plain object, a response is made
 * from a plain object and encoded; nothing calls verify. Profiled in a provider process that
 * Terraform configures (issue #13), `setup` was ~45 ms of CPU, most of it generating functions
 * that were never called. Here every type's five codecs are own properties that generate, with
 * the same generator and scope `setup` would use, only the codec called, and then replace
 * themselves with it. The reflection tree stays protobufjs's, resolved by `Root.fromJSON`.
 */
import * as protobuf from 'protobufjs';

type CodecName = 'encode' | 'decode' | 'verify' | 'fromObject' | 'toObject';
type Codec = (this: protobuf.Type, ...args: unknown[]) => unknown;
/** What a generated codec's source refers to: the same names `Type#setup` passes. */
type FieldTypes = (protobuf.Type | protobuf.Enum | null)[];

/** A codec's generator and the scope its generated source is compiled with. */
const GENERATORS: Record<CodecName, (type: protobuf.Type, types: FieldTypes) => Codec> = {
  encode: (type, types) => compile(protobuf.encoder(type), { Writer: protobuf.Writer, types, util: protobuf.util }),
  decode: (type, types) => compile(protobuf.decoder(type), { Reader: protobuf.Reader, types, util: protobuf.util, C: type.ctor }),
  verify: (type, types) => compile(protobuf.verifier(type), { types, util: protobuf.util }),
  fromObject: (type, types) => compile(protobuf.converter.fromObject(type), { types, util: protobuf.util, C: type.ctor }),
  toObject: (type, types) => compile(protobuf.converter.toObject(type), { types, util: protobuf.util }),
};
const CODECS = Object.keys(GENERATORS) as CodecName[];

// A protobufjs codegen called with a scope object returns the compiled function.
const compile = (codegen: ReturnType<typeof protobuf.encoder>, scope: Record<string, unknown>): Codec => codegen(scope) as Codec;

/** Every message type under `namespace` (a root as `Root.fromJSON` returns it) gets its codecs on use. */
export function generateCodecsOnUse(namespace: protobuf.Namespace): void {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) deferCodecs(nested);
    if (nested instanceof protobuf.Namespace) generateCodecsOnUse(nested);
  }
}

function deferCodecs(type: protobuf.Type): void {
  // protobufjs wraps well-known types (google.protobuf.Any) in its setup: left to it.
  if (type.fullName in protobuf.wrappers) return;
  let fieldTypes: FieldTypes | undefined;
  const codecs = type as unknown as Record<CodecName, Codec>;
  const defer = (name: CodecName): void => {
    // An own property shadows the prototype's all-at-once setup stub for this one codec.
    codecs[name] = function generateOnFirstCall(this: protobuf.Type, ...args: unknown[]): unknown {
      fieldTypes ??= type.fieldsArray.map((field) => field.resolve().resolvedType);
      const codec = GENERATORS[name](type, fieldTypes);
      // Making the type's constructor (decode and fromObject use it) deletes the type's own
      // decode and fromObject, so that protobufjs's setup makes them again with it: put back
      // those not generated yet.
      for (const other of CODECS) if (!Object.prototype.hasOwnProperty.call(type, other)) defer(other);
      codecs[name] = codec;
      return codec.apply(type, args);
    };
  };
  for (const name of CODECS) defer(name);
}
