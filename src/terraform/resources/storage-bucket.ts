/** `flashback_storage_bucket`: everything comes from the core model; its part in key deletion checks from the consumer base. */
import { storageBucket } from '../../core';
import { KeyConsumerResource } from './key-consumer-resource';

export class StorageBucketResource extends KeyConsumerResource {
  constructor() {
    super(storageBucket);
  }
}
