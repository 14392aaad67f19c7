import { NOT_WELL_FORMED, isWellFormedText } from '../client/contract';
import { quoted } from './quoted';

/**
 * Strict decoding of what arrives as bytes: the body as UTF-8 JSON, the query string as
 * percent-encoded UTF-8. Invalid UTF-8 and lone surrogates are refused, never replaced by
 * U+FFFD; messages say where, and quote at most a short prefix of what was sent.
 */
export class RequestTextError extends Error {
  override readonly name = 'RequestTextError';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The parsed JSON body; undefined for an empty one (clients send a Content-Type on DELETE too). */
export function parseJsonBody(bytes: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new RequestTextError('Request body is not valid UTF-8: send JSON encoded as UTF-8');
  }
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // V8 may quote part of the body in its message, and the body may hold a secret: keep the position only.
    const at = /position (\d+)/.exec((e as Error).message);
    throw new RequestTextError(`Malformed JSON body: ${at ? `unexpected input at position ${at[1]}` : 'it ends too early or is not JSON'}`);
  }
  const where = loneSurrogateAt(value, []);
  if (where !== undefined) throw new RequestTextError(`Invalid request: ${where || '(body)'}: ${NOT_WELL_FORMED}`);
  return value;
}

/** The path (`a.b.0`) of the first string or key holding a lone surrogate, or undefined. */
function loneSurrogateAt(value: unknown, path: string[]): string | undefined {
  const name = () => path.map((p) => (p.length > 40 ? `${p.slice(0, 40)}…` : p)).join('.');
  if (typeof value === 'string') return isWellFormedText(value) ? undefined : name();
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const at = loneSurrogateAt(value[i], [...path, String(i)]);
      if (at !== undefined) return at;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!isWellFormedText(k)) return `${name() ? `${name()}.` : ''}(a field name)`;
      const at = loneSurrogateAt(v, [...path, k]);
      if (at !== undefined) return at;
    }
  }
  return undefined;
}

/** Query strings that could not be decoded, with why: the handler answers 400 for them. */
const undecodable = new WeakMap<object, string>();

export const queryProblem = (query: unknown): string | undefined => (query !== null && typeof query === 'object' ? undecodable.get(query) : undefined);

/**
 * `a=1&b=x%20y&a=2` → `{ a: ['1', '2'], b: 'x y' }` (a repeated name becomes an array, as in
 * Node's parser). `+` is a space. A malformed escape or invalid UTF-8 marks the result.
 */
export function parseQueryString(qs: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const part of qs.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const [rawName, rawValue] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      undecodable.set(out, `query: ${quoted(part)} is not valid percent-encoded UTF-8`);
      return out;
    }
    const prior = out[name];
    out[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return out;
}
