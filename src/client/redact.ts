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

/** The shortest run of a secret's characters that counts as a leak when a message repeats it. */
export const MIN_LEAKED_RUN = 6;

/**
 * Replaces each secret, and every run of {@link MIN_LEAKED_RUN} or more characters taken from
 * one (a prefix a server echoed, a secret pasted into a name), with `[REDACTED]`. Runs are
 * found through the secrets' 6-character windows, so the cost is linear in the text.
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join(REDACTED); // whole values, the short ones too
  const windows = new Set<string>();
  for (const s of secrets) for (let i = 0; i + MIN_LEAKED_RUN <= s.length; i++) windows.add(s.slice(i, i + MIN_LEAKED_RUN));
  if (windows.size === 0) return out;
  const leaked = new Uint8Array(out.length);
  let any = false;
  for (let i = 0; i + MIN_LEAKED_RUN <= out.length; i++) {
    if (windows.has(out.slice(i, i + MIN_LEAKED_RUN))) {
      leaked.fill(1, i, i + MIN_LEAKED_RUN);
      any = true;
    }
  }
  if (!any) return out;
  let result = '';
  for (let i = 0; i < out.length; ) {
    if (!leaked[i]) {
      result += out[i++];
      continue;
    }
    result += REDACTED;
    while (i < out.length && leaked[i]) i++;
  }
  return result;
}
