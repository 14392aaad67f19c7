/**
 * Issue #15, item 7: normal operation of the dynamic resources prints no warning. In particular the engine finds
 * the dynamic-provider plugin next to the CLI (scripts/engines.sh hard-links the CLI into .engines/bin, where the
 * plugin is), so it no longer says `warning: using pulumi-resource-pulumi-nodejs from $PATH`.
 */
import flashbackExample from '../../../examples/pulumi';
import { type PulumiHarness, startPulumi } from './harness';

jest.setTimeout(600_000);

let h: PulumiHarness;
let failed = true;

beforeAll(async () => {
  h = await startPulumi('flashback-quiet', flashbackExample);
  await h.stack.setConfig('awsAccessKeyId', { value: 'AKIANOWARN', secret: true });
  await h.stack.setConfig('awsSecretAccessKey', { value: 'no-warning-secret', secret: true });
});
afterAll(async () => h?.close({ keep: failed }));

const warnings = (lines: string[]) =>
  lines
    .join('')
    .split('\n')
    .filter((l) => /^\s*warning\b/i.test(l));

describe('dynamic resources: the CLI output of up, rotation, preview and destroy', () => {
  it('has no warning line', async () => {
    const out: string[] = [];
    const onOutput = (s: string) => out.push(s);
    const up = await h.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toEqual({ create: 5 });
    await h.stack.setConfig('awsSecretAccessKey', { value: 'no-warning-secret-2', secret: true });
    expect((await h.stack.up({ onOutput })).summary.resourceChanges).toEqual({ update: 1, same: 4 });
    await h.stack.preview({ onOutput });
    await h.stack.refresh({ onOutput });
    await h.stack.destroy({ runProgram: true, onOutput });
    expect(out.join('')).toContain('Destroying');
    expect(warnings(out)).toEqual([]);
    failed = false;
  });
});
