import { routes, type ProviderInfo, type Workspace } from './contract';
import { Transport, type TransportOptions } from './http';
import { ListCache } from './list-cache';
import { ResourceApi, abortedError, type ResourceApiContext } from './resource-api';
import { aiLlmsSpec, apiKeysSpec, bucketsSpec, type AiLlmsApi, type ApiKeysApi, type BucketsApi } from './resources';

export interface ClientOptions extends TransportOptions {
  /**
   * Share list answers until the next write. Right for one plan or apply (the Terraform
   * provider process); wrong for a long-lived process that must see changes made elsewhere.
   */
  cacheLists?: boolean;
}

/** The typed Flashback API client. */
export class FlashbackClient {
  readonly transport: Transport;
  readonly apiKeys: ApiKeysApi;
  readonly buckets: BucketsApi;
  readonly aiLlms: AiLlmsApi;
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
      write: async (run) => {
        try {
          return await run();
        } finally {
          this.cache?.invalidate();
        }
      },
    };
    this.apiKeys = new ResourceApi(ctx, apiKeysSpec);
    this.buckets = new ResourceApi(ctx, bucketsSpec);
    this.aiLlms = new ResourceApi(ctx, aiLlmsSpec);
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
