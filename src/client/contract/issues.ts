import type { z } from 'zod';

/** A field name as a message shows it: a sender's made-up name can be any length. */
const shortName = (name: string): string => (name.length > 40 ? `${name.slice(0, 40)}… (${name.length} characters)` : name);

/** `workspaceId: Invalid input: expected string, received undefined; ...` — the field first, so users find it. */
export function formatZodIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 10)
    .map((i) => {
      const path = [prefix, ...i.path.map((p) => shortName(String(p)))].filter(Boolean).join('.');
      if (i.code === 'unrecognized_keys') {
        const keys = i.keys.slice(0, 5).map((k) => [path, shortName(k)].filter(Boolean).join('.'));
        return `${keys.join(', ')}: unknown field${keys.length > 1 ? 's' : ''}; remove ${keys.length > 1 ? 'them' : 'it'}`;
      }
      return `${path || '(body)'}: ${i.message}`;
    })
    .join('; ');
}
