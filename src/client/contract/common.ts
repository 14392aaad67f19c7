import { z } from 'zod';
import { MAX_LENGTH, tooLongMessage } from './limits';

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

/** A string with no lone UTF-16 surrogate (JSON can carry one as `\ud800`; UTF-8 cannot store it). */
const LONE_SURROGATE = /\p{Cs}/u;
export const isWellFormedText = (v: string): boolean => !LONE_SURROGATE.test(v);
export const NOT_WELL_FORMED = 'must be well-formed Unicode: it holds a lone surrogate (\\uD800-\\uDFFF)';

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

const octet = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const port = '(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}|0)';
/**
 * An absolute http(s) URL, written so that every match is also a URL that WHATWG parsing
 * accepts (the OpenAPI `pattern` then says all the server checks): a DNS name whose last label
 * starts with a letter (a numeric last label would be read as an IPv4 address), or a dotted
 * IPv4 address; an optional port up to 65535; then any printable ASCII. No user info, no
 * IPv6 literal, no punycode (`--`) label.
 */
export const HTTP_URL_PATTERN = new RegExp(
  `^https?://(?:(?:[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\\.)*[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*|(?:${octet}\\.){3}${octet})(?::${port})?(?:[/?#][!-~]*)?$`,
);

export const httpUrl = (what: string) =>
  z
    .string()
    .max(MAX_LENGTH.endpoint, tooLongMessage(MAX_LENGTH.endpoint))
    .regex(HTTP_URL_PATTERN, `${what} must be an absolute http(s) URL, for example https://s3.us-east-1.amazonaws.com`);
