/**
 * Field-level rules shared by the resource models. Messages leave out the field name and
 * read after it ("endpoint must be ..."), so each front end can name the field its own way.
 */
export type FieldCheck = (v: string | number) => string | undefined;

export function httpUrlCheck(example: string): FieldCheck {
  return (v) => {
    try {
      const u = new URL(String(v));
      if (u.protocol === 'http:' || u.protocol === 'https:') return undefined;
    } catch {
      /* not a URL at all */
    }
    return `must be an absolute http(s) URL such as ${example}; got "${String(v)}"`;
  };
}

export const checkHttpUrl: FieldCheck = httpUrlCheck('https://s3.eu-west-1.amazonaws.com');

/** Workspace ids are opaque, but they sit in URLs and in `<workspace_id>/<id>` import ids. */
export const checkWorkspaceIdForm: FieldCheck = (v) =>
  /^[^\s/]+$/.test(String(v)) ? undefined : `must be a workspace id such as 3f0e9c52-7d1b-4c36-9a0e-2b8f6d4c1a77 (no spaces or slashes); got "${String(v)}"`;

export const checkNotBlank: FieldCheck = (v) => (String(v).trim() === '' ? 'must not be empty' : undefined);

export function checkOneOf(allowed: readonly string[]): FieldCheck {
  return (v) => (allowed.includes(String(v)) ? undefined : `must be one of ${allowed.join(', ')}; got "${String(v)}"`);
}

/** Provider types are an open set served by GET /providers; offline we can only check the form. */
export const checkProviderTypeForm: FieldCheck = (v) =>
  /^[A-Z][A-Z0-9_]*$/.test(String(v)) ? undefined : `must be an upper-case provider name such as AWS, GCP, AZURE, OPENAI or ANTHROPIC; got "${String(v)}"`;

/** The live rule: a provider type the API serves (`GET /providers`). */
export function checkProviderTypeKnown(known: readonly { id: string; name?: string }[]): FieldCheck {
  const ids = known.map((p) => p.id);
  return (v) => (ids.includes(String(v)) ? undefined : `must be a provider type the Flashback API serves: ${ids.join(', ')}; got "${String(v)}"`);
}
