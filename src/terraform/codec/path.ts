/**
 * Addresses inside a value, as Terraform's `AttributePath` expresses them: attribute names,
 * string keys (maps, map blocks) and integer indices (lists, list blocks). Sets have no address.
 */
export type PathStep = { readonly attribute: string } | { readonly key: string } | { readonly index: number };
export type AttributePath = readonly PathStep[];

/**
 * Builds a path: strings are attribute names, numbers list indices, `{ key }` map keys.
 * `pathOf('rule', 0, 'port')` addresses `rule[0].port`.
 */
export function pathOf(...steps: ReadonlyArray<string | number | { readonly key: string }>): AttributePath {
  return steps.map((step) =>
    typeof step === 'string' ? { attribute: step } : typeof step === 'number' ? { index: step } : { key: step.key },
  );
}

export function childPath(path: AttributePath, step: PathStep): AttributePath {
  return [...path, step];
}

/** `rule[0].port`, `tags["env"]`; the empty path is the whole object. */
export function formatPath(path: AttributePath): string {
  let out = '';
  for (const step of path) {
    if ('attribute' in step) out += out === '' ? step.attribute : `.${step.attribute}`;
    else if ('key' in step) out += `[${JSON.stringify(step.key)}]`;
    else out += `[${step.index}]`;
  }
  return out === '' ? '(root)' : out;
}
