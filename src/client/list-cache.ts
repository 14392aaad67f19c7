/**
 * Shares list answers between the many reads of one plan or refresh: Terraform reads each
 * resource separately, and the API has no get-by-id, so without this a plan over N objects
 * would cost N list calls. Any write drops every entry, because a write to a bucket changes
 * the usage counts listed with keys.
 */
export class ListCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) return hit as Promise<T>;
    const p = load();
    this.entries.set(key, p);
    // A failed load is not remembered.
    p.catch(() => {
      if (this.entries.get(key) === p) this.entries.delete(key);
    });
    return p;
  }

  invalidate(): void {
    this.entries.clear();
  }
}
