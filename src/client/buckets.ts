import { routes, type Bucket, type CreateBucketRequest, type UpdateBucketRequest } from './contract';
import type { ResourceApiContext } from './resource-api';
import { findInList } from './resource-api';

export class BucketsApi {
  constructor(private readonly ctx: ResourceApiContext) {}

  async list(query: { workspaceId?: string } = {}, signal?: AbortSignal): Promise<Bucket[]> {
    const res = await this.ctx.cachedList(
      `bucket?${query.workspaceId ?? ''}`,
      { method: 'GET', path: routes.listBuckets.path },
      (s) => this.ctx.transport.call(routes.listBuckets, { query: { ...query }, signal: s }),
      signal,
    );
    return res.buckets;
  }

  async get(workspaceId: string, id: string, signal?: AbortSignal): Promise<Bucket> {
    return findInList(await this.list({ workspaceId }, signal), id, 'storage bucket', workspaceId, routes.listBuckets.path);
  }

  async create(body: CreateBucketRequest, signal?: AbortSignal): Promise<string> {
    return this.ctx.write(async () => (await this.ctx.transport.call(routes.createBucket, { body, signal })).bucketId);
  }

  async update(id: string, body: UpdateBucketRequest, signal?: AbortSignal): Promise<void> {
    await this.ctx.write(() => this.ctx.transport.call(routes.updateBucket, { params: { id }, body, signal }));
  }

  async delete(id: string, signal?: AbortSignal): Promise<void> {
    await this.ctx.write(() => this.ctx.transport.call(routes.deleteBucket, { params: { id }, signal }));
  }
}
