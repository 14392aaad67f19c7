/**
 * `ProviderApiKey`: the provider API key as a construct that knows its consumers. It is the
 * `flashback_provider_api_key` resource itself (so its Terraform name is the id you give it),
 * with the secret taken only as a reference and wired to the write-only `secret_wo`, and with
 * methods that add the buckets and AI models using the key: they reference the key's id, so
 * Terraform creates them after the key and deletes them before it.
 */
import type { Construct } from 'constructs';
import { providerApiKey } from '../core';
import { secretForms } from '../terraform/resources/secret-forms';
import { brand, hasBrand } from './brand';
import { AiLlmResource, type AiLlmResourceConfig } from './bindings/ai-llm';
import { ProviderApiKeyResource, type ProviderApiKeyResourceConfig } from './bindings/provider-api-key';
import { StorageBucketResource, type StorageBucketResourceConfig } from './bindings/storage-bucket';

/** Meta-arguments a key does not take: the methods below refer to one key, so use a TypeScript loop instead of count / forEach. */
type NotForKeys = 'count' | 'forEach' | 'provisioners' | 'connection';

/** Properties of {@link ProviderApiKey}; the rest are documented on {@link ProviderApiKeyResourceConfig}. */
export interface ProviderApiKeyProps extends Omit<ProviderApiKeyResourceConfig, 'secret' | 'secretWo' | 'secretWoVersion' | NotForKeys> {
  /**
   * The credential's secret part, as a reference only: a `TerraformVariable` declared with
   * `sensitive: true` and no default (its value is supplied when Terraform runs, e.g. with
   * `TF_VAR_<name>`), or another token. A literal string fails at synth, since it would be written
   * to the synthesized JSON. It is sent as the write-only `secret_wo`, never stored in plan or
   * state (Terraform 1.11+).
   */
  readonly secret: string;
  /**
   * The secret's version, sent as `secret_wo_version`. Terraform cannot see a write-only value
   * change, so bump this number (for example from 1 to 2) when the secret changes: the next apply
   * rotates it in place (same key id, buckets and AI models untouched). Defaults to 1.
   */
  readonly secretVersion?: number;
}

/** A bucket added with {@link ProviderApiKey.addBucket}: its key is this one, its workspace the key's unless given. */
export type KeyBucketProps = Omit<StorageBucketResourceConfig, 'providerApiKeyId'>;

/** An AI model added with {@link ProviderApiKey.addAiLlm}: its key is this one, its workspace the key's unless given. */
export type KeyAiLlmProps = Omit<AiLlmResourceConfig, 'providerApiKeyId'>;

/** This construct takes the secret's write-only form as `secret` and its version as `secretVersion`. */
const LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  secretForms(providerApiKey).flatMap((s) => [
    [s.writeOnly, s.field.prop],
    [s.version, `${s.field.prop}Version`],
  ]),
);

/**
 * A Flashback provider API key: a workspace-scoped cloud or AI credential that storage buckets
 * and AI model configurations reuse.
 *
 * ```ts
 * const secret = new TerraformVariable(this, 'aws_secret', { type: 'string', sensitive: true });
 * const key = new ProviderApiKey(this, 'aws', { providerType: 'AWS', key: 'AKIA...', secret: secret.stringValue, secretVersion: 1 });
 * key.addBucket('media', { name: 'media', bucket: 'acme-media', storageType: 'S3' });
 * new TerraformOutput(this, 'buckets_using_key', { value: key.bucketCount });
 * ```
 *
 * Defaults that differ from the bare resource: `secretVersion` 1, and
 * `lifecycle.createBeforeDestroy` true, so replacing the key (a new `providerType` or
 * `workspaceId`) creates the new key and re-points its buckets and AI models before the old key
 * is deleted; a key still in use cannot be deleted.
 */
export class ProviderApiKey extends ProviderApiKeyResource {
  /** True for any ProviderApiKey, also one from another copy of this package (brand check, not `instanceof`). */
  static isProviderApiKey(x: unknown): x is ProviderApiKey {
    return hasBrand(x, 'ProviderApiKey');
  }

  private readonly consumers: { buckets: StorageBucketResource[]; aiLlms: AiLlmResource[] } = { buckets: [], aiLlms: [] };

  constructor(scope: Construct, id: string, props: ProviderApiKeyProps) {
    const { secret, secretVersion, lifecycle, ...rest } = props;
    super(scope, id, {
      ...rest,
      secretWo: secret,
      secretWoVersion: secretVersion ?? 1,
      lifecycle: { createBeforeDestroy: true, ...lifecycle },
    });
    brand(this, 'ProviderApiKey');
  }

  /** Messages name the secret as this construct's props do. */
  override attributeLabel(name: string): string {
    return LABELS[name] ?? super.attributeLabel(name);
  }

  /**
   * Adds a storage bucket that uses this key, as a sibling of the key (its Terraform name is `id`).
   * It references the key's id, so Terraform creates it after the key and deletes it first. Its
   * workspace is the key's; a different `workspaceId` fails at synth when both are known.
   */
  addBucket(id: string, props: KeyBucketProps): StorageBucketResource {
    const bucket = new StorageBucketResource(this.siblingScope(), id, { provider: this.provider, ...props, providerApiKeyId: this.id, workspaceId: props.workspaceId ?? this.workspaceIdInput });
    this.consumers.buckets.push(bucket);
    return bucket;
  }

  /** Adds an AI model configuration that uses this key; see {@link addBucket}. */
  addAiLlm(id: string, props: KeyAiLlmProps): AiLlmResource {
    const llm = new AiLlmResource(this.siblingScope(), id, { provider: this.provider, ...props, providerApiKeyId: this.id, workspaceId: props.workspaceId ?? this.workspaceIdInput });
    this.consumers.aiLlms.push(llm);
    return llm;
  }

  /** The buckets added with {@link addBucket}. */
  get buckets(): readonly StorageBucketResource[] {
    return [...this.consumers.buckets];
  }

  /** The AI models added with {@link addAiLlm}. */
  get aiLlms(): readonly AiLlmResource[] {
    return [...this.consumers.aiLlms];
  }

  /** The applied `secret_wo_version` (a token). */
  get secretVersion(): number {
    return this.secretWoVersion;
  }

  private siblingScope(): Construct {
    return (this.node.scope ?? this) as Construct;
  }
}
