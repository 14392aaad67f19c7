/**
 * Diagnostics are how a provider reports user mistakes and API failures: they travel in the OK
 * response, and Terraform prints them against the configuration line the path points at.
 */
import { formatPath, type AttributePath } from '../codec/path';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  /** One short sentence: what is wrong. */
  readonly summary: string;
  /** What happened in detail and what to do about it. */
  readonly detail: string;
  /** The attribute the diagnostic is about, or null for the whole resource/provider. */
  readonly path: AttributePath | null;
}

export function errorDiagnostic(summary: string, detail = '', path: AttributePath | null = null): Diagnostic {
  return { severity: 'error', summary, detail, path };
}

export function warningDiagnostic(summary: string, detail = '', path: AttributePath | null = null): Diagnostic {
  return { severity: 'warning', summary, detail, path };
}

/** A collector handed to every resource method; errors stop the operation, warnings do not. */
export class Diagnostics {
  private readonly items: Diagnostic[] = [];

  error(summary: string, detail = '', path: AttributePath | null = null): void {
    this.items.push(errorDiagnostic(summary, detail, path));
  }

  warning(summary: string, detail = '', path: AttributePath | null = null): void {
    this.items.push(warningDiagnostic(summary, detail, path));
  }

  add(...diagnostics: readonly Diagnostic[]): void {
    this.items.push(...diagnostics);
  }

  hasErrors(): boolean {
    return this.items.some((diagnostic) => diagnostic.severity === 'error');
  }

  get all(): readonly Diagnostic[] {
    return this.items;
  }
}

/** `error: summary (at path): detail`, for logs and test failure messages. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = diagnostic.path === null ? '' : ` (at ${formatPath(diagnostic.path)})`;
  return `${diagnostic.severity}: ${diagnostic.summary}${where}${diagnostic.detail ? `: ${diagnostic.detail}` : ''}`;
}
