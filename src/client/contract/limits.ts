/**
 * The longest value, in characters, of every string the API takes. The real API publishes
 * none; these are the emulator's, chosen from what the values are in practice, with room to
 * spare, so that a mistake (a file pasted into `region`) is refused instead of stored:
 *
 * - ids are UUIDs (36 characters);
 * - `key` is a credential's public part: an AWS access key id has 20 characters, an Azure
 *   client id 36, a GCP service-account e-mail about 100, an AI provider's API key up to ~200;
 * - `secret` holds the largest credential in use, a GCP service-account JSON (about 2.4 KB);
 * - names follow the storage services' own limits (S3 63, GCS 222, Azure 63), rounded up;
 * - regions are short codes (`europe-west1`, `us-gov-west-1`);
 * - endpoints are URLs, bounded as browsers and proxies commonly bound them (2,048);
 * - an Azure tenant is a GUID or a domain (`contoso.onmicrosoft.com`), a subscription a GUID.
 *
 * The contract's zod schemas apply them, so the emulator refuses longer values with 400, the
 * client refuses them before sending, `/openapi.json` states them as `maxLength`, and core's
 * field checks apply them at validate/plan time in every front end.
 */
export const MAX_LENGTH = {
  id: 64,
  providerType: 32,
  key: 256,
  secret: 8192,
  name: 255,
  bucket: 255,
  region: 64,
  endpoint: 2048,
  description: 1024,
  tenantId: 255,
  subscriptionId: 64,
  email: 254,
  password: 1024,
  token: 4096,
} as const;
export type LimitedField = keyof typeof MAX_LENGTH;

/** `must be at most 64 characters` (the wording of every length issue, in the contract and in core). */
export const tooLongMessage = (max: number): string => `must be at most ${max} characters`;
