import { z } from 'zod';
import { Id, IsoTimestamp, OptionalText, SuccessBody, httpUrl } from './common';

export const StorageType = z.enum(['S3', 'GCS', 'BLOB']);
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
  name: z.string().min(1, 'must not be empty').max(255),
  bucket: z.string().min(1, 'must not be empty').max(255),
  storageType: StorageType,
  apiKeyUuid: Id.optional(),
  key: z.string().min(1).optional(),
  secret: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  endpoint: httpUrl('endpoint').optional(),
};

export const CreateBucketRequest = z.strictObject({ workspaceId: Id, ...bucketFields });
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
