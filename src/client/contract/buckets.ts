import { z } from 'zod';
import { Id, IsoTimestamp, OptionalText, SuccessBody, httpUrl, text } from './common';
import { MAX_LENGTH } from './limits';
import { collection } from './collection';
import { RULES, route } from './route';
import { STORAGE_TYPES } from './values';

export const StorageType = z.enum(STORAGE_TYPES);
export type StorageType = z.infer<typeof StorageType>;

export const Bucket = z.object({
  id: Id,
  name: z.string(),
  bucket: z.string(),
  storageType: z.string(),
  region: OptionalText,
  endpoint: OptionalText,
  status: z.string(),
  workspaceId: Id,
  apiKeyId: OptionalText,
  createdAt: IsoTimestamp,
  lastStatusAt: OptionalText,
});
export type Bucket = z.infer<typeof Bucket>;

export const ListBucketsQuery = z.strictObject({ workspaceId: Id.optional() });
export const ListBucketsResponse = SuccessBody.extend({ buckets: z.array(Bucket) });

const bucketFields = {
  name: text(MAX_LENGTH.name, { min: 1 }),
  bucket: text(MAX_LENGTH.bucket, { min: 1 }),
  storageType: StorageType,
  apiKeyUuid: Id.optional(),
  key: text(MAX_LENGTH.key, { min: 1 }).optional(),
  secret: text(MAX_LENGTH.secret, { min: 1 }).optional(),
  region: text(MAX_LENGTH.region, { min: 1 }).optional(),
  endpoint: httpUrl('endpoint').optional(),
};

/** A bucket's credentials: a provider API key, or its own key and secret. */
export const CreateBucketRequest = z
  .strictObject({ workspaceId: Id, ...bucketFields })
  .superRefine((v, ctx) => {
    if (v.apiKeyUuid !== undefined || (v.key !== undefined && v.secret !== undefined)) return;
    ctx.addIssue({ code: 'custom', path: ['apiKeyUuid'], message: `a bucket needs credentials: send apiKeyUuid, or both key and secret (missing ${v.key === undefined ? 'key' : 'secret'})` });
  })
  .meta({ anyOf: [{ required: ['apiKeyUuid'] }, { required: ['key', 'secret'] }] });
export type CreateBucketRequest = z.infer<typeof CreateBucketRequest>;
export const CreateBucketResponse = SuccessBody.extend({ bucketId: Id });

export const UpdateBucketRequest = z.strictObject({
  name: bucketFields.name.optional(),
  bucket: bucketFields.bucket.optional(),
  storageType: bucketFields.storageType.optional(),
  apiKeyUuid: bucketFields.apiKeyUuid,
  key: bucketFields.key,
  secret: bucketFields.secret,
  region: bucketFields.region.nullable(),
  endpoint: bucketFields.endpoint.nullable(),
});
export type UpdateBucketRequest = z.infer<typeof UpdateBucketRequest>;
export const UpdateBucketResponse = SuccessBody.extend({ bucketId: Id });
export const DeleteBucketResponse = SuccessBody;

export const buckets = collection({
  one: 'Bucket',
  many: 'Buckets',
  what: 'storage bucket',
  list: route({ method: 'GET', path: '/bucket', summary: 'List storage buckets', query: ListBucketsQuery, response: ListBucketsResponse, access: 'read', rules: [RULES.read] }),
  create: route({ method: 'POST', path: '/bucket', summary: 'Create a storage bucket', body: CreateBucketRequest, response: CreateBucketResponse, access: 'write', rules: [RULES.write, RULES.keyRef, 'without `apiKeyUuid`, both `key` and `secret`', '`name` unique in the organisation', '429 when the organisation is at its bucket quota'] }),
  update: route({ method: 'PUT', path: '/bucket/:id', summary: 'Update a storage bucket; apiKeyUuid re-points it at another key', body: UpdateBucketRequest, response: UpdateBucketResponse, access: 'write', rules: [RULES.found, RULES.write, RULES.keyRef, '`name` unique in the organisation'] }),
  delete: route({ method: 'DELETE', path: '/bucket/:id', summary: 'Delete (soft) a storage bucket', response: DeleteBucketResponse, access: 'write', rules: [RULES.found, RULES.write, '403 while a repository uses the bucket'] }),
});
