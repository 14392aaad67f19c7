/**
 * The contract's plain values (enum members, text and URL rules) without zod: core's field
 * checks import them from here, so a provider process that only serves schemas and validation
 * (Terraform starts two of those per command) does not load zod (~70 ms of CPU at start) and the
 * contract's schemas (~25 ms). The zod schemas are built from these same values.
 */

export const AI_TYPES = ['OPENAI', 'GOOGLE', 'ANTHROPIC', 'AWS', 'OTHER'] as const;
export const STORAGE_TYPES = ['S3', 'GCS', 'BLOB'] as const;

/** A string with no lone UTF-16 surrogate (JSON can carry one as `\ud800`; UTF-8 cannot store it). */
const LONE_SURROGATE = /\p{Cs}/u;
export const isWellFormedText = (v: string): boolean => !LONE_SURROGATE.test(v);
export const NOT_WELL_FORMED = 'must be well-formed Unicode: it holds a lone surrogate (\\uD800-\\uDFFF)';

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
