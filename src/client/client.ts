import { type Collections, type ProviderInfo, type Workspace, collections, routes } from './contract';
import { Transport, type TransportOptions } from './http';
import { ListCache } from './list-cache';
import { ResourceApi, abortedError, type ResourceApiContext } from './resource-api';

export interface ClientOptions extends TransportOptions {
  /**
   * Share list answers until the next write. Right for one plan or apply (the Terraform
   * provider process); wrong for a long-lived process that must see changes made elsewhere.
   */
  cacheLists?: boolean;
}

/** One API per collection of the contract: `client.buckets.list(...)`. */
export type CollectionApis = { readonly [N in keyof Collections]: ResourceApi<Collections[N]> };

function collectionApis(ctx: ResourceApiContext): CollectionApis {
  const apis: Partial<Record<keyof Collections, ResourceApi<Collections[keyof Collections]>>> = {};
  for (const name of Object.keys(collections) as (keyof Collections)[]) apis[name] = new ResourceApi(ctx, collections[name]);
  return apis as CollectionApis;
}

// The collections are properties of every client, made in the constructor from the contract's list.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface FlashbackClient extends CollectionApis {}

/** The typed Flashback API client. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class FlashbackClient {
  readonly transport: Transport;
  private readonly cache: ListCache | undefined;
  /** Provider types change with API releases, not with our writes: kept across writes. */
  private readonly providersCache: ListCache | undefined;

  constructor(opts: ClientOptions = {}) {
    this.transport = new Transport(opts);
    this.cache = opts.cacheLists ? new ListCache() : undefined;
    this.providersCache = opts.cacheLists ? new ListCache() : undefined;
    const ctx: ResourceApiContext = {
      transport: this.transport,
      cachedList: (key, req, load, signal) => (this.cache ? this.cache.get(key, load, signal, abortedError(req)) : load(signal)),
      write: (run) => (this.cache ? this.cache.write(run) : run()),
    };
    Object.assign(this, collectionApis(ctx));
  }

  get apiUrl(): string {
    return this.transport.apiUrl;
  }

  async listWorkspaces(signal?: AbortSignal): Promise<Workspace[]> {
    return (await this.transport.call(routes.listWorkspaces, { signal })).workspaces;
  }

  async listProviders(signal?: AbortSignal): Promise<ProviderInfo[]> {
    const req = { method: 'GET', path: routes.listProviders.path };
    const load = (s: AbortSignal | undefined) => this.transport.call(routes.listProviders, { signal: s });
    const res = this.providersCache ? await this.providersCache.get('providers', load, signal, abortedError(req)) : await load(signal);
    return res.providers;
  }

  /** Drops shared list answers, for callers that know the world changed under them. */
  invalidateCache(): void {
    this.cache?.invalidate();
    this.providersCache?.invalidate();
  }
}
