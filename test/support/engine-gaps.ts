/**
 * The one place that lists engines proven impossible to obtain on the project's machines (issue #3), with the
 * exact error. Tests consult it and print the gap; everything not listed here must be provided by
 * `bash scripts/engines.sh ensure` and a missing one fails the run.
 *
 * Only the Go module proxy, PyPI, npm and Debian apt are reachable; the gaps below were checked against them.
 */

export interface EngineGap {
  /** Engine name as it would appear in .engines/bin. */
  engine: string;
  /** What was tried. */
  tried: string;
  /** The exact error. */
  error: string;
  /** What cannot be tested because of it, and what still works. */
  consequence: string;
}

export interface EngineSubstitution {
  engine: string;
  wanted: string;
  provided: string;
  why: string;
}

export const engineGaps: readonly EngineGap[] = [
  {
    engine: 'pulumi-language-nodejs',
    tried:
      'go list -m github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@v3.274.0 (also @v3.270.0, @latest, ' +
      '@master, @<commit>, and -versions); the module is also absent from the sdk/v3 zip (it has its own go.mod).',
    error:
      'go: github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@v3.274.0: reading ' +
      'https://proxy.golang.org/github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3/@v/v3.274.0.info: ' +
      '403 Forbidden\n\tserver response: This module version is not available.',
    consequence:
      'plain `pulumi up` of a project folder (runtime: nodejs) fails with "failed to load language plugin nodejs". ' +
      'Automation API inline programs need no language host and work (test/e2e/engines/pulumi-automation.test.ts).',
  },
];

export const engineSubstitutions: readonly EngineSubstitution[] = [
  {
    engine: 'pulumi',
    wanted: 'v3.270.0 (the @pulumi/pulumi npm dependency)',
    provided: 'v3.274.0 (nearest version the Go module proxy serves; v3.260.0, v3.274.0 and v3.274.1 are served)',
    why:
      'go: github.com/pulumi/pulumi/pkg/v3/cmd/pulumi: github.com/pulumi/pulumi/pkg/v3@v3.270.0: reading ' +
      'https://proxy.golang.org/github.com/pulumi/pulumi/pkg/v3/@v/v3.270.0.zip: 403 Forbidden\n' +
      '\tserver response: This module version is not available.',
  },
];

export function engineGap(engine: string): EngineGap | undefined {
  return engineGaps.find((g) => g.engine === engine);
}

export function describeGap(g: EngineGap): string {
  return `engine gap: ${g.engine} cannot be obtained.\n  tried: ${g.tried}\n  error: ${g.error}\n  consequence: ${g.consequence}`;
}
