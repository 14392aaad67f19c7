/**
 * CDKTF constructs for the `flashback/flashback` Terraform provider: the generated bindings of
 * the provider, its resources and its data source, and the `ProviderApiKey` construct that adds
 * the buckets and AI models using a key. Built on `cdktf` 0.21; they also work in a CDK Terrain
 * (`cdktn`) app (see README.md).
 */
export * from './bindings';
export { ProviderApiKey, type ProviderApiKeyProps, type KeyBucketProps, type KeyAiLlmProps } from './provider-api-key';
export type { AttributeMode, BindingAttribute, BindingBlock, IntrospectableBinding } from './binding-support';
