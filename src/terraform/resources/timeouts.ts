/**
 * The `timeouts` block every resource takes, shaped like terraform-plugin-framework-timeouts'
 * `timeouts.Block`: a single nested block of optional `create`, `read`, `update` and `delete`
 * duration strings ("30s", "5m", "1h30m"), each a deadline over the whole operation — every
 * API call, retry and read-back it makes — on top of Terraform's own cancellation.
 */
import type { AnyObject, AnyValue } from '../codec/value';
import { attr, block, errorDiagnostic, formatPath, nested, type Validator } from '../framework';

export type Operation = 'create' | 'read' | 'update' | 'delete';

/** When the block or the attribute is unset; the framework's default too. */
export const DEFAULT_TIMEOUT = '20m';

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const COMPONENT = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Milliseconds in a Go-style duration ("1h30m", "2.5s", "0"); undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '') return undefined;
  let total = 0;
  COMPONENT.lastIndex = 0;
  while (COMPONENT.lastIndex < text.length) {
    const at = COMPONENT.lastIndex;
    const m = COMPONENT.exec(text);
    if (m === null || m.index !== at) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]];
  }
  return total;
}

const DESCRIPTION =
  'A duration such as `"30s"`, `"5m"` or `"1h30m"` (decimal numbers with a unit: `ms`, `s`, `m`, `h`). ' +
  `Default \`${DEFAULT_TIMEOUT}\`; the API client's own retry limits usually end a failing call sooner.`;

const duration: Validator<string> = {
  description: 'a duration such as `"30s"`, `"5m"` or `"1h30m"`',
  validate: (value, path) =>
    parseDuration(value) !== undefined
      ? []
      : [errorDiagnostic('Invalid duration', `${formatPath(path)} must be a duration such as "30s", "5m" or "1h30m" (a number and a unit: ms, s, m, h); got ${JSON.stringify(value)}.`, path)],
};

const durationAttribute = (what: string) => attr.string({ description: `${what} ${DESCRIPTION}`, optional: true, validators: [duration] });

export const timeoutsBlock = nested.single(
  block({
    description: 'Deadlines for each operation. A timed-out operation stops its API calls and fails with an error naming the timeout.',
    attributes: {
      create: durationAttribute('How long creating may take, reading the new object back included.'),
      read: durationAttribute('How long a read may take; reads happen on every refresh and plan.'),
      update: durationAttribute('How long an update may take, reading the object back included.'),
      delete: durationAttribute('How long a deletion may take. Taken from state: a change to it applies from the next deletion after it has been applied.'),
    },
  }),
);

export interface Deadline {
  readonly signal: AbortSignal;
  /** The setting, for messages: `timeouts.create = "2s"` or `the default 20m`. */
  readonly setting: string;
  timedOut(): boolean;
}

/** The deadline for `operation` from an object's `timeouts` block, combined with `signal`. */
export function deadlineFor(object: AnyObject | null, operation: Operation, signal: AbortSignal): Deadline {
  const block: AnyValue = object?.timeouts ?? null;
  const raw = block !== null && typeof block === 'object' && !Array.isArray(block) ? (block as AnyObject)[operation] : null;
  const configured = typeof raw === 'string' ? raw : null;
  const ms = parseDuration(configured ?? DEFAULT_TIMEOUT) ?? parseDuration(DEFAULT_TIMEOUT)!;
  const timer = AbortSignal.timeout(Math.max(1, Math.ceil(ms)));
  return {
    signal: AbortSignal.any([signal, timer]),
    setting: configured !== null ? `timeouts.${operation} = "${configured}"` : `the default timeouts.${operation} of ${DEFAULT_TIMEOUT}`,
    timedOut: () => timer.aborted,
  };
}
