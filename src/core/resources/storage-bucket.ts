import type { Bucket, UpdateBucketRequest } from '../../client/contract';
import type { StorageType } from '../../client/contract';
import { MAX_LENGTH } from '../../client/contract/limits';
import { STORAGE_TYPES } from '../../client/contract/values';
import type { FlashbackClient } from '../../client';
import { checkHttpUrl, checkNotBlank, checkOneOf, checkText } from '../checks';
import { type FieldSpec, type ObjectRef, type ResourceModel, optionalText } from '../model';
import { createObject } from '../create-resolution';
import { consumerFields } from './key-consumer';
import { ignoreNotFound, mustExist, readOrUndefined } from './read-helpers';

export interface StorageBucketInputs {
  [prop: string]: string | number | undefined;
  workspaceId: string;
  providerApiKeyId: string;
  name: string;
  bucket: string;
  storageType: string;
  region?: string;
  endpoint?: string;
}

export interface StorageBucketState extends StorageBucketInputs {
  id: string;
  status: string;
  createdAt: string;
}

const fields: readonly FieldSpec[] = [
  ...consumerFields('storage bucket'),
  { name: 'name', prop: 'name', type: 'string', kind: 'input', required: true, check: checkText(MAX_LENGTH.name, checkNotBlank), description: 'The bucket\'s name in Flashback, unique in the organisation.' },
  { name: 'bucket', prop: 'bucket', type: 'string', kind: 'input', required: true, check: checkText(MAX_LENGTH.bucket, checkNotBlank), description: 'The bucket\'s name at the storage provider.' },
  { name: 'storage_type', prop: 'storageType', type: 'string', kind: 'input', required: true, replaceOnChange: true, check: checkOneOf(STORAGE_TYPES), description: `The storage service: ${STORAGE_TYPES.map((o) => `\`${o}\``).join(', ')}. Changing it replaces the bucket.` },
  { name: 'region', prop: 'region', type: 'string', kind: 'input', check: checkText(MAX_LENGTH.region, checkNotBlank), description: 'The bucket\'s region at the storage provider.' },
  { name: 'endpoint', prop: 'endpoint', type: 'string', kind: 'input', check: checkHttpUrl, description: 'A custom storage endpoint, as an absolute http(s) URL.' },
  { name: 'status', prop: 'status', type: 'string', kind: 'computed', description: 'The bucket\'s status as Flashback last checked it.' },
  { name: 'created_at', prop: 'createdAt', type: 'string', kind: 'computed', description: 'When the bucket was created (RFC 3339).' },
];

export function bucketState(b: Bucket): StorageBucketState {
  return {
    id: b.id,
    workspaceId: b.workspaceId,
    providerApiKeyId: b.apiKeyId ?? '',
    name: b.name,
    bucket: b.bucket,
    storageType: b.storageType,
    region: optionalText(b.region),
    endpoint: optionalText(b.endpoint),
    status: b.status,
    createdAt: b.createdAt,
  };
}

const read = (client: FlashbackClient, ref: ObjectRef, signal?: AbortSignal) => readOrUndefined(async () => bucketState(await client.buckets.get(ref.workspaceId, ref.id, signal)));
const readBack = async (client: FlashbackClient, ref: ObjectRef, signal?: AbortSignal) => mustExist(await read(client, ref, signal), 'storage bucket', ref);

export const storageBucket: ResourceModel<StorageBucketInputs, StorageBucketState> = {
  kind: 'storage_bucket',
  pulumiName: 'StorageBucket',
  title: 'storage bucket',
  description: 'A storage bucket registered in Flashback that uses a provider API key for its credentials. Re-pointing it at another key is an in-place update.',
  fields,
  identity: {
    list: async (client, workspaceId, signal) => (await client.buckets.list({ workspaceId }, signal)).map(bucketState),
    identifying: ['name'],
    uniqueIn: 'organisation',
  },
  consumer: {
    label: 'storage bucket',
    listByWorkspace: async (client, workspaceId, signal) =>
      (await client.buckets.list({ workspaceId }, signal)).map((b) => ({ id: b.id, name: b.name, workspaceId: b.workspaceId, keyId: b.apiKeyId })),
  },
  checkCombination: () => [],

  async create(client, input, signal) {
    const send = (s?: AbortSignal) =>
      client.buckets.create(
        {
          workspaceId: input.workspaceId,
          apiKeyUuid: input.providerApiKeyId,
          name: input.name,
          bucket: input.bucket,
          storageType: input.storageType as StorageType,
          region: input.region,
          endpoint: input.endpoint,
        },
        s,
      );
    return (await createObject(storageBucket, client, input, send, signal)) as StorageBucketState;
  },

  read,

  async list(client, workspaceId, signal) {
    return (await client.buckets.list({ workspaceId }, signal)).map(bucketState);
  },

  async update(client, ref, input, changed, signal) {
    const body: UpdateBucketRequest = {};
    if (changed.includes('providerApiKeyId')) body.apiKeyUuid = input.providerApiKeyId;
    if (changed.includes('name')) body.name = input.name;
    if (changed.includes('bucket')) body.bucket = input.bucket;
    if (changed.includes('storageType')) body.storageType = input.storageType as StorageType;
    if (changed.includes('region')) body.region = input.region ?? null;
    if (changed.includes('endpoint')) body.endpoint = input.endpoint ?? null;
    if (Object.keys(body).length > 0) await client.buckets.update(ref.id, body, signal);
    return readBack(client, ref, signal);
  },

  delete: (client, ref, signal) => ignoreNotFound(() => client.buckets.delete(ref.id, signal)),
};
