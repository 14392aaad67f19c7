/**
 * Provider-private data Terraform stores beside a resource's state and hands back on the next
 * call, opaque to it. We keep it as a JSON object of keys; bytes we did not write (or that are not
 * such an object) pass through untouched unless a resource sets a key.
 */

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export class PrivateState {
  private entries: Record<string, JsonValue> | null = null;
  private changed = false;

  constructor(private readonly raw: Uint8Array) {}

  get(key: string): JsonValue {
    const entries = this.parsed();
    return Object.hasOwn(entries, key) ? entries[key] : null;
  }

  /** Sets a key; null removes it. */
  set(key: string, value: JsonValue): void {
    const entries = { ...this.parsed() };
    if (value === null) delete entries[key];
    else entries[key] = value;
    this.entries = entries;
    this.changed = true;
  }

  toBytes(): Uint8Array {
    if (!this.changed) return this.raw;
    const entries = this.parsed();
    return Object.keys(entries).length === 0 ? new Uint8Array() : Buffer.from(JSON.stringify(entries), 'utf8');
  }

  private parsed(): Record<string, JsonValue> {
    if (this.entries === null) {
      this.entries = {};
      if (this.raw.length > 0) {
        try {
          const value: unknown = JSON.parse(Buffer.from(this.raw).toString('utf8'));
          if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
            this.entries = value as Record<string, JsonValue>;
          }
        } catch {
          // Not ours (or not JSON): readable as empty, and passed through as-is unless set() is called.
        }
      }
    }
    return this.entries;
  }
}
