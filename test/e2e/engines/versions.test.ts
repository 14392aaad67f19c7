/**
 * Issue #3: every engine of scripts/engines.sh is present in .engines/bin and meets its minimum version.
 * A missing engine fails (requireEngine throws); only gaps listed in test/support/engine-gaps.ts are reported
 * instead, and they are printed.
 */
import { describeGap, engineGap, engineGaps, engineSubstitutions } from '../../support/engine-gaps';
import {
  enginePath,
  engineVersion,
  minimumVersions,
  requireEngine,
  run,
  versionAtLeast,
} from '../../support/engines';

jest.setTimeout(120_000);

afterAll(() => {
  for (const g of engineGaps) console.warn(describeGap(g));
  for (const s of engineSubstitutions) console.warn(`engine substitution: ${s.engine}: wanted ${s.wanted}, provided ${s.provided}\n  why: ${s.why}`);
});

describe.each(['terraform', 'terraform-latest', 'tofu', 'pulumi'] as const)('%s', (name) => {
  it(`is provided and is at least ${minimumVersions[name]}`, async () => {
    requireEngine(name);
    const v = await engineVersion(name);
    console.warn(`${name} ${v}`);
    expect(versionAtLeast(v, minimumVersions[name])).toBe(true);
  });
});

it('pulumi-resource-pulumi-nodejs (dynamic provider plugin) is on the engines PATH and starts', async () => {
  requireEngine('pulumi-resource-pulumi-nodejs');
  // Without an engine address the dynamic provider prints its usage error and exits non-zero; it must at least be
  // the Node program (not "not found").
  const r = await run('pulumi-resource-pulumi-nodejs', [], { timeoutMs: 60_000 });
  expect(r.code).not.toBe(127);
  expect(r.stderr + r.stdout).not.toMatch(/not found|Cannot find module/);
});

it('pulumi-language-nodejs is provided, or listed as a gap in engine-gaps.ts', async () => {
  if (enginePath('pulumi-language-nodejs')) {
    const v = await engineVersion('pulumi-language-nodejs');
    expect(versionAtLeast(v, minimumVersions['pulumi-language-nodejs'])).toBe(true);
    // Provided now: the gap entry must go.
    expect(engineGap('pulumi-language-nodejs')).toBeUndefined();
    return;
  }
  const gap = engineGap('pulumi-language-nodejs');
  if (!gap) requireEngine('pulumi-language-nodejs'); // throws: missing and not a documented gap
  console.warn(describeGap(gap!));
});

describe('terraform-latest behaves like the real CLI', () => {
  it('passes exit code, stdout and stderr through', async () => {
    requireEngine('terraform-latest');
    const bad = await run('terraform-latest', ['no-such-command']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Terraform has no command named "no-such-command"');
    const json = await run('terraform-latest', ['version', '-json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ terraform_version: expect.stringMatching(/^1\.1[5-9]\./) });
  });

  it('reads stdin (terraform console)', async () => {
    requireEngine('terraform-latest');
    // Non-interactive console evaluates stdin and prints the last result, like the real CLI.
    const r = await run('terraform-latest', ['console'], { input: 'upper("flashback")\n' });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('"FLASHBACK"');
  });

  it('matches the PATH terraform on the same inputs', async () => {
    requireEngine('terraform');
    requireEngine('terraform-latest');
    const a = await run('terraform', ['console'], { input: 'jsonencode({a = [1, "x"]})\n' });
    const b = await run('terraform-latest', ['console'], { input: 'jsonencode({a = [1, "x"]})\n' });
    expect(b.code).toBe(a.code);
    expect(b.stdout).toBe(a.stdout);
  });
});
