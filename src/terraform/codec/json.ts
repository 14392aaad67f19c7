/**
 * DynamicValue JSON: what Terraform stores in state and sends in `UpgradeResourceState.raw_state`
 * and `MoveResourceState.source_state`. JSON has no unknowns. Numbers are kept as their source
 * text (`JsonNumber`) until the schema says what they are, because `JSON.parse` would round any
 * integer beyond 2^53 without a word.
 */
import type { CtyType } from './cty-type';
import { CodecError } from './errors';
import type { AnyValue } from './value';
import { JsonNumber, valueFromWire } from './wire-value';

export { JsonNumber };

export type JsonTree = null | boolean | string | JsonNumber | readonly JsonTree[] | { readonly [key: string]: JsonTree };

export interface DecodeJsonOptions {
  /** Drop attributes the type does not declare (state written by an older schema) instead of failing. */
  readonly ignoreUndeclaredAttributes?: boolean;
}

export function decodeJson(source: Uint8Array | string, type: CtyType, options: DecodeJsonOptions = {}): AnyValue {
  return valueFromWire(parseJsonTree(source), type, [], {
    isUnknownNode: () => false,
    ignoreUndeclaredAttributes: options.ignoreUndeclaredAttributes ?? false,
  });
}

/** Parses JSON text into a tree whose numbers are `JsonNumber`s; throws `CodecError` on bad input. */
export function parseJsonTree(source: Uint8Array | string): JsonTree {
  const text = typeof source === 'string' ? source : Buffer.from(source).toString('utf8');
  const parser = new JsonParser(text);
  const tree = parser.value();
  parser.end();
  return tree;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// JSON forbids raw control characters (U+0000–U+001F) inside strings, hence the excluded range.
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const WHITESPACE = /[ \t\n\r]*/y;

class JsonParser {
  private position = 0;

  constructor(private readonly text: string) {}

  value(): JsonTree {
    this.skipWhitespace();
    const char = this.text[this.position];
    switch (char) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        return this.number();
    }
  }

  end(): void {
    this.skipWhitespace();
    if (this.position !== this.text.length) this.fail('unexpected text after the JSON value');
  }

  private object(): JsonTree {
    this.position++; // '{'
    const entries: Array<[string, JsonTree]> = [];
    this.skipWhitespace();
    if (this.text[this.position] === '}') {
      this.position++;
      return {};
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.position] !== '"') this.fail('an object key (string) is expected');
      const key = this.string();
      this.skipWhitespace();
      this.expect(':');
      entries.push([key, this.value()]);
      this.skipWhitespace();
      if (this.text[this.position] === ',') {
        this.position++;
        continue;
      }
      this.expect('}');
      // fromEntries defines own properties, so a "__proto__" key stays data.
      return Object.fromEntries(entries);
    }
  }

  private array(): JsonTree {
    this.position++; // '['
    const elements: JsonTree[] = [];
    this.skipWhitespace();
    if (this.text[this.position] === ']') {
      this.position++;
      return elements;
    }
    for (;;) {
      elements.push(this.value());
      this.skipWhitespace();
      if (this.text[this.position] === ',') {
        this.position++;
        continue;
      }
      this.expect(']');
      return elements;
    }
  }

  private string(): string {
    const token = this.match(STRING, 'a valid string is expected');
    return JSON.parse(token) as string;
  }

  private number(): JsonNumber {
    return new JsonNumber(this.match(NUMBER, 'a JSON value is expected'));
  }

  private literal<T extends boolean | null>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.position)) this.fail(`"${word}" is expected`);
    this.position += word.length;
    return value;
  }

  private match(pattern: RegExp, expectation: string): string {
    pattern.lastIndex = this.position;
    const found = pattern.exec(this.text);
    if (found === null || found[0] === '') this.fail(expectation);
    this.position += found[0].length;
    return found[0];
  }

  private expect(char: string): void {
    if (this.text[this.position] !== char) this.fail(`"${char}" is expected`);
    this.position++;
  }

  private skipWhitespace(): void {
    WHITESPACE.lastIndex = this.position;
    WHITESPACE.exec(this.text);
    this.position = WHITESPACE.lastIndex;
  }

  private fail(expectation: string): never {
    throw new CodecError([], `malformed JSON at offset ${this.position}: ${expectation}`);
  }
}
