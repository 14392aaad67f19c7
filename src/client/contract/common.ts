import { z } from 'zod';

/**
 * Shapes shared by every route. The API wraps every answer in `{ success }`; errors carry
 * a human message and the HTTP status tells the class.
 */
export const ErrorBody = z.object({
  success: z.literal(false),
  message: z.string(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const SuccessBody = z.object({
  success: z.literal(true),
  message: z.string().optional(),
});

/** Ids are opaque strings (UUIDs in practice); the contract does not promise their form. */
export const Id = z.string().min(1, 'must not be empty');

/** Optional text fields are sent as strings and read back as string or null. */
export const OptionalText = z.string().nullish();

export const IsoTimestamp = z.string().min(1);

/**
 * Provider names are upper-case words validated against `GET /providers` when the list can
 * be fetched; the contract itself treats the set as open.
 */
export const ProviderName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, 'must be an upper-case provider name such as AWS, GCP, AZURE, OPENAI or ANTHROPIC');

export const httpUrl = (what: string) =>
  z.string().refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, `${what} must be an absolute http(s) URL, for example https://s3.us-east-1.amazonaws.com`);
