import { z } from 'zod';
import { MAX_LENGTH, tooLongMessage } from './limits';
import { HTTP_URL_PATTERN, NOT_WELL_FORMED, isWellFormedText } from './values';

export { HTTP_URL_PATTERN, NOT_WELL_FORMED, isWellFormedText };

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

/**
 * A bounded, well-formed string: every string the API takes is one. `min: 1` refuses the
 * empty string with "must not be empty".
 */
export const text = (max: number, opts: { min?: 1 } = {}) => {
  const base = opts.min ? z.string().min(1, 'must not be empty') : z.string();
  return base.max(max, tooLongMessage(max)).refine(isWellFormedText, NOT_WELL_FORMED);
};

/** Ids are opaque strings (UUIDs in practice); the contract bounds their length, not their form. */
export const Id = text(MAX_LENGTH.id, { min: 1 });

/** Optional text fields are sent as strings and read back as string or null. */
export const OptionalText = z.string().nullish();

export const IsoTimestamp = z.string().min(1);

/**
 * Provider names are upper-case words validated against `GET /providers` when the list can
 * be fetched; the contract itself treats the set as open.
 */
export const PROVIDER_NAME_PATTERN = /^[A-Z][A-Z0-9_]*$/;
export const ProviderName = z
  .string()
  .regex(PROVIDER_NAME_PATTERN, 'must be an upper-case provider name such as AWS, GCP, AZURE, OPENAI or ANTHROPIC')
  .max(MAX_LENGTH.providerType, tooLongMessage(MAX_LENGTH.providerType));

export const httpUrl = (what: string) =>
  z
    .string()
    .max(MAX_LENGTH.endpoint, tooLongMessage(MAX_LENGTH.endpoint))
    .regex(HTTP_URL_PATTERN, `${what} must be an absolute http(s) URL, for example https://s3.us-east-1.amazonaws.com`);
