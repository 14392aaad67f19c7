/**
 * Field-level rules shared by the resource models. Messages leave out the field name and
 * read after it ("endpoint must be ..."), so each front end can name the field its own way.
 */
import { MAX_LENGTH, tooLongMessage } from '../client/contract/limits';
import { HTTP_URL_PATTERN, NOT_WELL_FORMED, isWellFormedText } from '../client/contract/values';

export type FieldCheck = (v: string | number) => string | undefined;

/** How a message quotes what the user wrote: a short prefix at most (it may be a pasted file). */
const shown = (v: string | number): string => {
  const s = String(v);
  return s.length <= 60 ? `"${s}"` : `"${s.slice(0, 60)}…" (${s.length} characters)`;
};

/** An absolute http(s) URL in the contract's endpoint form (its OpenAPI pattern). */
export function httpUrlCheck(example: string): FieldCheck {
  return (v) => (HTTP_URL_PATTERN.test(String(v)) ? undefined : `must be an absolute http(s) URL such as ${example}; got ${shown(v)}`);
}

/** Workspace ids are opaque, but they sit in URLs and in `<workspace_id>/<id>` import ids. */
export const checkWorkspaceIdForm: FieldCheck = (v) =>
  /^[^\s/]+$/.test(String(v)) ? undefined : `must be a workspace id such as 3f0e9c52-7d1b-4c36-9a0e-2b8f6d4c1a77 (no spaces or slashes); got ${shown(v)}`;

/**
 * The API's own bounds on a string (the contract's {@link MAX_LENGTH}, written once there):
 * at most `max` characters, and no lone surrogate. Never quotes the value: it may be a secret.
 */
export function checkText(max: number, then?: FieldCheck): FieldCheck {
  return (v) => {
    const s = String(v);
    if (s.length > max) return `${tooLongMessage(max)} (the API refuses longer values); this one has ${s.length}`;
    if (!isWellFormedText(s)) return NOT_WELL_FORMED;
    return then?.(v);
  };
}

/** The contract's endpoint form (its OpenAPI pattern), so what passes here passes the API. */
export const checkHttpUrl: FieldCheck = checkText(MAX_LENGTH.endpoint, httpUrlCheck('https://s3.eu-west-1.amazonaws.com'));

export const checkNotBlank: FieldCheck = (v) => (String(v).trim() === '' ? 'must not be empty' : undefined);

export function checkOneOf(allowed: readonly string[]): FieldCheck {
  return (v) => (allowed.includes(String(v)) ? undefined : `must be one of ${allowed.join(', ')}; got ${shown(v)}`);
}

/** Provider types are an open set served by GET /providers; offline we can only check the form. */
export const checkProviderTypeForm: FieldCheck = checkText(MAX_LENGTH.providerType, (v) =>
  /^[A-Z][A-Z0-9_]*$/.test(String(v)) ? undefined : `must be an upper-case provider name such as AWS, GCP, AZURE, OPENAI or ANTHROPIC; got ${shown(v)}`,
);

/** The live rule: a provider type the API serves (`GET /providers`). */
export function checkProviderTypeKnown(known: readonly { id: string; name?: string }[]): FieldCheck {
  const ids = known.map((p) => p.id);
  return (v) => (ids.includes(String(v)) ? undefined : `must be a provider type the Flashback API serves: ${ids.join(', ')}; got ${shown(v)}`);
}
