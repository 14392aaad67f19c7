// Flashback provider API keys, and the storage buckets and AI model configurations that reuse them: the native provider `pulumi-resource-flashback`, for programs in any Pulumi language.
package flashback
