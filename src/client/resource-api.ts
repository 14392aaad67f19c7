import type { z } from 'zod';
import type { RouteDef } from './contract';
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
/** A list route filtered by workspace (and perhaps by more). */
export type WorkspaceListRoute = RouteDef & { query: z.ZodType<{ workspaceId?: string | undefined }> };
type QueryOf<R extends WorkspaceListRoute> = z.infer<R['query']>;

/**
 * The data that tells one workspace-scoped API collection from another: its four routes, its
 * name in messages, and where the list and the create answers keep what we read.
 */
export interface ResourceApiSpec<
  Item extends { id: string },
  L extends WorkspaceListRoute = WorkspaceListRoute,
  C extends RouteDef = RouteDef,
  U extends RouteDef = RouteDef,
  D extends RouteDef = RouteDef,
> {
  /** How messages name one item ("storage bucket"). */
  what: string;
  list: L;
  create: C;
  update: U;
  delete: D;
  items(res: z.infer<L['response']>): Item[];
  createdId(res: z.infer<C['response']>): string;
}

export const resourceApiSpec = <Item extends { id: string }, L extends WorkspaceListRoute, C extends RouteDef, U extends RouteDef, D extends RouteDef>(
  spec: ResourceApiSpec<Item, L, C, U, D>,
): ResourceApiSpec<Item, L, C, U, D> => spec;

/** List (cached per query), get (the API has no get-by-id: by listing the workspace), create, update, delete. */
export class ResourceApi<Item extends { id: string }, L extends WorkspaceListRoute, C extends RouteDef, U extends RouteDef, D extends RouteDef> {
  constructor(
    private readonly ctx: ResourceApiContext,
    private readonly spec: ResourceApiSpec<Item, L, C, U, D>,
  ) {}

  async list(query?: QueryOf<L>, signal?: AbortSignal): Promise<Item[]> {
    return this.listBy({ ...query }, signal);
  }

  async get(workspaceId: string, id: string, signal?: AbortSignal): Promise<Item> {
    const found = (await this.listBy({ workspaceId }, signal)).find((i) => i.id === id);
    if (!found) throw new NotFoundError(`no ${this.spec.what} with id ${id} in workspace ${workspaceId}`, 404, { method: 'GET', path: this.spec.list.path });
    return found;
  }

  private async listBy(q: Record<string, string | number | undefined>, signal: AbortSignal | undefined): Promise<Item[]> {
    // One cache entry per filter, however the query was written (key order, absent or undefined).
    const set = Object.keys(q).filter((k) => q[k] !== undefined).sort();
    const key = `${this.spec.list.path}?${set.map((k) => `${k}=${String(q[k])}`).join('&')}`;
    const res = await this.ctx.cachedList(key, { method: 'GET', path: this.spec.list.path }, (s) => this.ctx.transport.call(this.spec.list, { query: q, signal: s }), signal);
    return this.spec.items(res);
  }

  async create(body: BodyOf<C>, signal?: AbortSignal): Promise<string> {
    return this.ctx.write(async () => this.spec.createdId(await this.ctx.transport.call(this.spec.create, { body, signal })));
  }

  async update(id: string, body: BodyOf<U>, signal?: AbortSignal): Promise<void> {
    await this.ctx.write(() => this.ctx.transport.call(this.spec.update, { params: { id }, body, signal }));
  }

  async delete(id: string, signal?: AbortSignal): Promise<void> {
    await this.ctx.write(() => this.ctx.transport.call(this.spec.delete, { params: { id }, signal }));
  }
}

/** The API class a spec makes. */
export type ApiOf<S> = S extends ResourceApiSpec<infer I, infer L, infer C, infer U, infer D> ? ResourceApi<I, L, C, U, D> : never;
