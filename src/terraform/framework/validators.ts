/**
 * Attribute validators: run at `terraform validate` and before every plan on values that are
 * known and not null (unknowns are checked again once they are known). Each returns diagnostics
 * carrying the attribute's path, so Terraform underlines the offending argument.
 */
import type { AttributePath } from '../codec/path';
import { errorDiagnostic, type Diagnostic } from './diagnostics';

export interface Validator<T> {
  /** Markdown, for generated documentation: "must be one of `aws`, `gcp`". */
  readonly description: string;
  validate(value: T, path: AttributePath): readonly Diagnostic[];
}

export function oneOf<T extends string | number>(...allowed: readonly T[]): Validator<T> {
  const list = allowed.map((value) => `\`${String(value)}\``).join(', ');
  return {
    description: `must be one of ${list}`,
    validate: (value, path) =>
      allowed.includes(value)
        ? []
        : [errorDiagnostic('Invalid value', `${JSON.stringify(value)} is not allowed here; use one of ${list}.`, path)],
  };
}

export function lengthBetween(min: number, max: number): Validator<string> {
  return {
    description: `length between ${min} and ${max} characters`,
    validate: (value, path) =>
      value.length >= min && value.length <= max
        ? []
        : [errorDiagnostic('Invalid length', `Must be between ${min} and ${max} characters; got ${value.length}.`, path)],
  };
}

export function matches(pattern: RegExp, requirement: string): Validator<string> {
  return {
    description: requirement,
    validate: (value, path) =>
      pattern.test(value) ? [] : [errorDiagnostic('Invalid value', `${JSON.stringify(value)} ${requirement}.`, path)],
  };
}

export function numberBetween(min: number, max: number): Validator<number> {
  return {
    description: `between ${min} and ${max}`,
    validate: (value, path) =>
      value >= min && value <= max
        ? []
        : [errorDiagnostic('Value out of range', `Must be between ${min} and ${max}; got ${value}.`, path)],
  };
}
