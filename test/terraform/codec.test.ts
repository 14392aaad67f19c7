/**
 * The msgpack/JSON codec against golden bytes: the layouts cty (Terraform's value library) writes
 * and expects, per Terraform's object wire format description.
 */
import { ExtData, encode } from '@msgpack/msgpack';
import {
  CodecError,
  Unknown,
  ctyTypeBytes,
  ctyTypeToJson,
  decodeJson,
  decodeMsgpack,
  encodeMsgpack,
  isWhollyKnown,
  t,
  unknownPaths,
  valuesEqual,
  type AnyValue,
  type CtyType,
} from '../../src/terraform/codec';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Uint8Array => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('msgpack encoding (golden bytes)', () => {
  const cases: Array<[string, AnyValue, CtyType, string]> = [
    ['null of any type', null, t.string, 'c0'],
    ['unknown is extension 0 with one zero byte', Unknown, t.string, 'd40000'],
    ['a string is msgpack str, never bin', 'héllo', t.string, 'a6 68c3a96c6c6f'],
    ['a small integer is a fixint', 7, t.number, '07'],
    ['a negative integer', -1, t.number, 'ff'],
    ['a 16-bit integer', 300, t.number, 'cd012c'],
    ['an integer beyond 32 bits', 2 ** 40, t.number, 'cf 0000010000000000'],
    ['a fraction is float64', 1.5, t.number, 'cb 3ff8000000000000'],
    ['true', true, t.bool, 'c3'],
    ['a list with an unknown element', ['a', Unknown], t.list(t.string), '92 a161 d40000'],
    ['a set', ['x'], t.set(t.string), '91 a178'],
    ['a map', { k: 'v' }, t.map(t.string), '81 a16b a176'],
    ['an empty map', {}, t.map(t.string), '80'],
    ['a tuple', ['a', 1], t.tuple(t.string, t.number), '92 a161 01'],
  ];
  it.each(cases)('%s', (_name, value, type, expected) => {
    expect(hex(encodeMsgpack(value, type))).toBe(expected.replace(/\s+/g, ''));
  });

  it('writes every object attribute, sorted by name, absent ones as nil', () => {
    const type = t.object({ b: t.number, a: t.string, c: t.bool });
    // {a:"x", b:nil, c:unknown}
    expect(hex(encodeMsgpack({ a: 'x', c: Unknown }, type))).toBe('83a161a178a162c0a163d40000');
  });

  it('nests objects in lists (a LIST nested block)', () => {
    const rule = t.object({ port: t.number, protocol: t.string });
    const type = t.object({ rule: t.list(rule) });
    expect(hex(encodeMsgpack({ rule: [{ port: 22, protocol: 'tcp' }] }, type))).toBe(
      '81a472756c659182a4706f727416a870726f746f636f6ca3746370',
    );
  });

  it('refuses an attribute the type does not declare, naming it', () => {
    expect(() => encodeMsgpack({ a: 'x', typo: 1 }, t.object({ a: t.string }))).toThrow('unsupported attribute "typo"');
  });

  it('refuses a value of the wrong type with its path', () => {
    const type = t.object({ ports: t.list(t.number) });
    const error = catchError(() => encodeMsgpack({ ports: [80, 'http'] }, type));
    expect(error).toBeInstanceOf(CodecError);
    expect((error as CodecError).path).toEqual([{ attribute: 'ports' }, { index: 1 }]);
    expect(error.message).toBe('ports[1]: a value of type "number" is required (a string given)');
  });

  it('refuses NaN', () => {
    expect(() => encodeMsgpack(Number.NaN, t.number)).toThrow(CodecError);
  });
});

describe('msgpack decoding', () => {
  it('reads unknown (ext 0) anywhere', () => {
    const type = t.object({ a: t.string, b: t.list(t.string) });
    expect(decodeMsgpack(bytes('82 a161 d40000 a162 92 a178 d40000'), type)).toEqual({ a: Unknown, b: ['x', Unknown] });
  });

  it('reads a refined unknown (ext 12 with a refinement map) as unknown', () => {
    // ext 12 whose payload is {1: false} (not null), as Terraform sends for refined values.
    const refined = encode(new ExtData(12, encode(new Map([[1, false]]))));
    expect(decodeMsgpack(refined, t.string)).toBe(Unknown);
  });

  it('reads the timestamp extension (-1) as unknown too, never as a Date', () => {
    expect(decodeMsgpack(bytes('d6ff 00000001'), t.string)).toBe(Unknown);
  });

  it('fills attributes missing from an object with null', () => {
    expect(decodeMsgpack(bytes('81 a161 a178'), t.object({ a: t.string, b: t.number }))).toEqual({ a: 'x', b: null });
  });

  it('refuses an attribute the schema does not have, with its path', () => {
    const type = t.object({ inner: t.object({ a: t.string }) });
    expect(() => decodeMsgpack(bytes('81 a5696e6e6572 81 a17a 01'), type)).toThrow('inner: unsupported attribute "z"');
  });

  it('reads numbers in all three forms cty writes: int, float64 and decimal string', () => {
    expect(decodeMsgpack(bytes('cd012c'), t.number)).toBe(300);
    expect(decodeMsgpack(bytes('cb3ff8000000000000'), t.number)).toBe(1.5);
    expect(decodeMsgpack(bytes('a3 302e31'), t.number)).toBe(0.1);
    expect(decodeMsgpack(bytes('d3 ffffffffffffff9c'), t.number)).toBe(-100); // int64 form
  });

  it('refuses an integer JavaScript cannot hold exactly instead of rounding it', () => {
    expect(() => decodeMsgpack(bytes('cf 0020000000000001'), t.number)).toThrow(/does not fit/);
    expect(() => decodeMsgpack(encode('12345678901234567890'), t.number)).toThrow(/does not fit/);
  });

  it('reads bin as a string when it is UTF-8', () => {
    expect(decodeMsgpack(bytes('c4 02 6869'), t.string)).toBe('hi');
  });

  it('reads maps, sets and nested blocks', () => {
    const type = t.object({ tags: t.map(t.string), rule: t.list(t.object({ port: t.number })) });
    const value = { tags: { env: 'prod', constructor: 'x' }, rule: [{ port: 22 }, { port: 53 }] };
    expect(decodeMsgpack(encodeMsgpack(value, type), type)).toEqual(value);
  });

  it('keeps a "__proto__" map key as data', () => {
    const decoded = decodeJson('{"tags":{"__proto__":"x"}}', t.object({ tags: t.map(t.string) }));
    expect(Object.keys((decoded as { tags: object }).tags)).toEqual(['__proto__']);
  });

  it('reports malformed input as a CodecError', () => {
    expect(() => decodeMsgpack(bytes('92 a161'), t.list(t.string))).toThrow(CodecError);
  });

  it('round-trips a whole resource value', () => {
    const type = t.object({
      id: t.string,
      ratio: t.number,
      tags: t.map(t.string),
      labels: t.set(t.string),
      nested: t.object({ on: t.bool }),
      rule: t.list(t.object({ port: t.number, protocol: t.string })),
    });
    const value: AnyValue = {
      id: 'x',
      ratio: 0.25,
      tags: { a: 'b' },
      labels: ['p', 'q'],
      nested: { on: true },
      rule: [{ port: 1, protocol: Unknown }],
    };
    expect(decodeMsgpack(encodeMsgpack(value, type), type)).toEqual(value);
  });
});

describe('JSON decoding (stored state)', () => {
  const type = t.object({ id: t.string, count: t.number, tags: t.map(t.string), on: t.bool });

  it('reads the attributes, missing ones as null', () => {
    expect(decodeJson('{"id":"a","count":3}', type)).toEqual({ id: 'a', count: 3, tags: null, on: null });
  });

  it('drops attributes an older schema wrote when asked to', () => {
    expect(decodeJson('{"id":"a","gone":1}', type, { ignoreUndeclaredAttributes: true })).toEqual({
      id: 'a',
      count: null,
      tags: null,
      on: null,
    });
    expect(() => decodeJson('{"id":"a","gone":1}', type)).toThrow('unsupported attribute "gone"');
  });

  it('keeps number text until typed: exponents work, huge integers are refused, not rounded', () => {
    expect(decodeJson('{"count":1.5e3}', type)).toMatchObject({ count: 1500 });
    expect(() => decodeJson('{"count":12345678901234567890}', type)).toThrow(/does not fit/);
  });

  it('reads escapes and unicode in strings', () => {
    expect(decodeJson('{"id":"a\\"b\\u00e9\\n"}', type)).toMatchObject({ id: 'a"bé\n' });
  });

  it('accepts bytes as well as text', () => {
    expect(decodeJson(Buffer.from('{"on":true}'), type)).toMatchObject({ on: true });
  });

  it('reports malformed JSON with its offset', () => {
    expect(() => decodeJson('{"id": }', type)).toThrow(/malformed JSON at offset 7/);
    expect(() => decodeJson('{"id":"a"} x', type)).toThrow(/unexpected text/);
  });
});

describe('cty type JSON', () => {
  it('writes types as Terraform expects in schemas', () => {
    expect(ctyTypeToJson(t.string)).toBe('string');
    expect(ctyTypeToJson(t.list(t.number))).toEqual(['list', 'number']);
    expect(ctyTypeToJson(t.object({ b: t.bool, a: t.map(t.string) }))).toEqual([
      'object',
      { a: ['map', 'string'], b: 'bool' },
    ]);
    expect(Buffer.from(ctyTypeBytes(t.set(t.string))).toString()).toBe('["set","string"]');
    expect(Buffer.from(ctyTypeBytes(t.string)).toString()).toBe('"string"');
  });
});

describe('value helpers', () => {
  it('compares sets without order and objects attribute by attribute', () => {
    expect(valuesEqual(['a', 'b'], ['b', 'a'], t.set(t.string))).toBe(true);
    expect(valuesEqual(['a', 'b'], ['b', 'a'], t.list(t.string))).toBe(false);
    expect(valuesEqual({ a: 'x' }, { a: 'x', b: null }, t.object({ a: t.string, b: t.string }))).toBe(true);
    expect(valuesEqual(Unknown, Unknown, t.string)).toBe(true);
    expect(valuesEqual(Unknown, 'x', t.string)).toBe(false);
  });

  it('finds unknowns with their paths', () => {
    const type = t.object({ a: t.string, tags: t.map(t.string), rule: t.list(t.object({ port: t.number })) });
    const value: AnyValue = { a: 'x', tags: { k: Unknown }, rule: [{ port: 1 }, { port: Unknown }] };
    expect(isWhollyKnown(value)).toBe(false);
    expect(unknownPaths(value, type)).toEqual([
      [{ attribute: 'tags' }, { key: 'k' }],
      [{ attribute: 'rule' }, { index: 1 }, { attribute: 'port' }],
    ]);
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
