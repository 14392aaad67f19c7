/** Keys whose values never reach a log line. `key` is the public key id, which we treat as sensitive too. */
const SENSITIVE_KEY = /secret|token|password|authorization|^key$|credential/i;
export const REDACTED = '[REDACTED]';

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SENSITIVE_KEY.test(k) && v != null ? REDACTED : redact(v);
    return out;
  }
  return value;
}

/** The string values of sensitive fields in a request body, to scrub from anything the server echoes. */
export function sensitiveValues(body: unknown, into: string[] = []): string[] {
  if (Array.isArray(body)) body.forEach((v) => sensitiveValues(v, into));
  else if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body)) {
      if (typeof v === 'string' && SENSITIVE_KEY.test(k) && v.length >= 4) into.push(v);
      else sensitiveValues(v, into);
    }
  }
  return into;
}

export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join(REDACTED);
  return out;
}
