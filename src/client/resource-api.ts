import type { z } from 'zod';
import { type Collection, type ItemOf, type RouteDef, createdIdIn, itemsIn } from './contract';
import { AbortedError, NotFoundError, type RequestInfo } from './errors';
import type { Transport } from './http';

/** What each resource API needs from the client: the transport and the shared list cache. */
export interface ResourceApiContext {
  transport: Transport;
  /**
   * A list answer shared with other callers (when the client caches lists). `load` gets the
   * signal to send the request with; `signal` is this caller's own, and aborting it stops only
   * this caller's wait unless no one else waits for the same answer.
   */
  cachedList<T>(key: string, req: RequestInfo, load: (signal: AbortSignal | undefined) => Promise<T>, signal: AbortSignal | undefined): Promise<T>;
  /** Runs a write and drops cached lists, also when the write fails (it may have acted). */
  write<T>(run: () => Promise<T>): Promise<T>;
}

export const abortedError = (req: RequestInfo) => () => new AbortedError('the operation was cancelled', undefined, req);

type BodyOf<R extends RouteDef> = R['body'] extends z.ZodType ? z.infer<R['body']> : never;
type QueryOf<K extends Collection> = z.infer<K['list']['query']>;

/** List (cached per query), get (the API has no get-by-id: by listing the workspace), create, update, delete. */
export class ResourceApi<K extends Collection> {
  constructor(
    private readonly ctx: ResourceApiContext,
    private readonly spec: K,
  ) {}

  async list(query?: QueryOf<K>, signal?: AbortSignal): Promise<ItemOf<K>[]> {
    return this.listBy({ ...query }, signal);
  }

  async get(workspaceId: string, id: string, signal?: AbortSignal): Promise<ItemOf<K>> {
    const found = (await this.listBy({ workspaceId }, signal)).find((i) => i.id === id);
    if (!found) throw new NotFoundError(`no ${this.spec.what} with id ${id} in workspace ${workspaceId}`, 404, { method: 'GET', path: this.spec.list.path });
    return found;
  }

  private async listBy(q: Record<string, string | number | undefined>, signal: AbortSignal | undefined): Promise<ItemOf<K>[]> {
    // One cache entry per filter, however the query was written (key order, absent or undefined).
    const set = Object.keys(q).filter((k) => q[k] !== undefined).sort();
    const key = `${this.spec.list.path}?${set.map((k) => `${k}=${String(q[k])}`).join('&')}`;
    const res = await this.ctx.cachedList(key, { method: 'GET', path: this.spec.list.path }, (s) => this.ctx.transport.call<K['list']>(this.spec.list, { query: q, signal: s }), signal);
    return itemsIn(this.spec, res);
  }

  async create(body: BodyOf<K['create']>, signal?: AbortSignal): Promise<string> {
    return this.ctx.write(async () => createdIdIn(this.spec, await this.ctx.transport.call<K['create']>(this.spec.create, { body, signal })));
  }

  async update(id: string, body: BodyOf<K['update']>, signal?: AbortSignal): Promise<void> {
    await this.ctx.write(() => this.ctx.transport.call(this.spec.update, { params: { id }, body, signal }));
  }

  async delete(id: string, signal?: AbortSignal): Promise<void> {
    await this.ctx.write(() => this.ctx.transport.call(this.spec.delete, { params: { id }, signal }));
  }
}
