/**
 * The Terraform forms of a core write-only field (the key's secret), in one place: read by the
 * provider's schema and lifecycle, the CDKTF binding generator and the CDKTF synth checks.
 *
 * - `X_wo` (write-only, Terraform/OpenTofu 1.11+): never in plan or state;
 * - `X_wo_version`: a number the user bumps to send `X_wo` again, since Terraform cannot
 *   compare write-only values; required with `X_wo`;
 * - `X` (sensitive, stored in state): for older engines.
 * Exactly one of `X` and `X_wo` is set.
 */
import type { FieldSpec } from '../../core';

export interface SecretForms {
  readonly field: FieldSpec;
  /** `secret`: sensitive, stored in state. */
  readonly stored: string;
  /** `secret_wo`: write-only. */
  readonly writeOnly: string;
  /** `secret_wo_version`: the rotation trigger. */
  readonly version: string;
}

export const secretFormsOf = (f: FieldSpec): SecretForms => ({ field: f, stored: f.name, writeOnly: `${f.name}_wo`, version: `${f.name}_wo_version` });

/** The forms of every write-only field of a model. */
export const secretForms = (model: { fields: readonly FieldSpec[] }): SecretForms[] => model.fields.filter((f) => f.writeOnly).map(secretFormsOf);

/** Whether attribute `name` is the stored form of a write-only attribute among `names` (`secret` beside `secret_wo`). */
export const isStoredForm = (name: string, writeOnlyNames: readonly string[]): boolean => writeOnlyNames.includes(`${name}_wo`);

/** The three attributes' descriptions, from the core field's own. */
export function secretDescriptions(s: SecretForms): { stored: string; writeOnly: string; version: string } {
  const d = s.field.description;
  return {
    stored: `${d} Stored in state (sensitive); for Terraform before 1.11. Prefer \`${s.writeOnly}\`. Exactly one of \`${s.stored}\` and \`${s.writeOnly}\`.`,
    writeOnly: `${d} Write-only (Terraform 1.11+): never stored in plan or state. Set \`${s.version}\` with it and bump that number to rotate.`,
    version: `Bump to send \`${s.writeOnly}\` again: the rotation trigger, since Terraform cannot compare write-only values. Required with \`${s.writeOnly}\`.`,
  };
}

/** What is wrong with the forms a configuration sets; each front end words it for its users. */
export type SecretFormProblem = 'both-forms' | 'no-form' | 'version-missing';

/** The exactly-one rule; `isSet(name)` tells whether the configuration sets an attribute (a reference counts). */
export function secretFormProblems(s: SecretForms, isSet: (attribute: string) => boolean): SecretFormProblem[] {
  const stored = isSet(s.stored);
  const wo = isSet(s.writeOnly);
  const problems: SecretFormProblem[] = [];
  if (stored && wo) problems.push('both-forms');
  else if (!stored && !wo) problems.push('no-form');
  if (wo && !isSet(s.version)) problems.push('version-missing');
  return problems;
}

type Lookup<V> = { readonly [name: string]: V };

/** The value to send: `X_wo` from the configuration when set (it is never in the plan), else `X`. */
export function secretValue<V>(s: SecretForms, config: Lookup<V | null> | null, obj: Lookup<V | null>): V | null {
  const wo = config?.[s.writeOnly] ?? null;
  return wo !== null ? wo : (obj[s.stored] ?? null);
}

/** Whether an update sends the secret: a new `X_wo_version` when `X_wo` is used, else a new `X`. */
export function secretRotated<V>(s: SecretForms, config: Lookup<V | null>, plan: Lookup<V | null>, state: Lookup<V | null>): boolean {
  return (config[s.writeOnly] ?? null) !== null ? plan[s.version] !== state[s.version] : plan[s.stored] !== state[s.stored];
}
