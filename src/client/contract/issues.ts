import type { z } from 'zod';

/** `workspaceId: Invalid input: expected string, received undefined; ...` — the field first, so users find it. */
export function formatZodIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((i) => {
      const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
      if (i.code === 'unrecognized_keys') {
        const keys = i.keys.map((k) => [path, k].filter(Boolean).join('.'));
        return `${keys.join(', ')}: unknown field${keys.length > 1 ? 's' : ''}; remove ${keys.length > 1 ? 'them' : 'it'}`;
      }
      return `${path || '(body)'}: ${i.message}`;
    })
    .join('; ');
}
