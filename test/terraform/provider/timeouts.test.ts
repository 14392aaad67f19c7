import { DEFAULT_TIMEOUT, deadlineFor, parseDuration, timeoutsBlock } from '../../../src/terraform/resources/timeouts';
import { pathOf } from '../../../src/terraform/framework';

describe('timeouts', () => {
  it('reads Go-style durations', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5s')).toBe(1_500);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration(DEFAULT_TIMEOUT)).toBe(1_200_000);
    for (const bad of ['', '5', 'm', '5 m', '3 minutes', '-1s', '1d', '1h 30m', 's5']) expect(parseDuration(bad)).toBeUndefined();
  });

  it('validates each attribute with its path', () => {
    const validator = timeoutsBlock.block.attributes.create.validators[0] as unknown as { validate(v: string, p: ReturnType<typeof pathOf>): { summary: string; detail: string }[] };
    expect(validator.validate('2m', pathOf('timeouts', 'create'))).toEqual([]);
    const [d] = validator.validate('2 minutes', pathOf('timeouts', 'create'));
    expect(d.summary).toBe('Invalid duration');
    expect(d.detail).toContain('timeouts.create must be a duration such as "30s"');
  });

  it('makes a deadline from the block, or the default, combined with the operation signal', async () => {
    const stop = new AbortController();
    const short = deadlineFor({ timeouts: { create: '20ms', read: null, update: null, delete: null } }, 'create', stop.signal);
    expect(short.setting).toBe('timeouts.create = "20ms"');
    await new Promise((r) => setTimeout(r, 60));
    expect(short.signal.aborted).toBe(true);
    expect(short.timedOut()).toBe(true);

    const unset = deadlineFor({ timeouts: null }, 'delete', stop.signal);
    expect(unset.setting).toBe('the default timeouts.delete of 20m');
    expect(unset.signal.aborted).toBe(false);
    stop.abort();
    expect(unset.signal.aborted).toBe(true);
    expect(unset.timedOut()).toBe(false);
  });
});
