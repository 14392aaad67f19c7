/**
 * The sh launchers (the packaged provider's, and bin/'s for the node script and the Pulumi
 * provider) hand NODE_EXTRA_CA_CERTS to the API client as FLASHBACK_IAC_EXTRA_CA_CERTS and start
 * Node.js without it, passing every argument through unchanged; the Terraform ones also give
 * glibc one malloc arena unless the user set MALLOC_ARENA_MAX, and V8 `--jitless` ahead of the
 * user's NODE_OPTIONS unless FLASHBACK_IAC_JIT=on. What they exec is replaced by a script that
 * prints what it was given.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CA_HANDOVER, NO_JIT, ONE_MALLOC_ARENA } from '../../src/cli/launcher-shell';
import { LAUNCHER, NODE_PROGRAM, packageEntries } from '../../src/cli/provider/package-contents';
import { WRAPPER as PULUMI_PLUGIN_WRAPPER } from '../../src/cli/pulumi-plugin';

jest.setTimeout(60_000);

const root = resolve(__dirname, '../..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-launcher-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A script printing the variables the launchers set (`unset` when unset) and its arguments, one a line. */
const REPORTER = `#!/bin/sh\necho "NODE_EXTRA_CA_CERTS=\${NODE_EXTRA_CA_CERTS-unset}"\necho "FLASHBACK_IAC_EXTRA_CA_CERTS=\${FLASHBACK_IAC_EXTRA_CA_CERTS-unset}"\necho "MALLOC_ARENA_MAX=\${MALLOC_ARENA_MAX-unset}"\necho "NODE_OPTIONS=\${NODE_OPTIONS-unset}"\nfor a in "$@"; do echo "arg=$a"; done\n`;

function writeExecutable(file: string, text: string): void {
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

/** Runs `file` with only PATH (and `extra`) in its environment; its output lines. */
const launch = (file: string, extra: NodeJS.ProcessEnv, path = process.env.PATH ?? ''): string[] =>
  execFileSync(file, ['one', 'two words', ''], { env: { PATH: path, ...extra } }).toString().trimEnd().split('\n');

const ARGS = ['arg=one', 'arg=two words', 'arg='];
/** What the reporter prints for the CA variables as given, the malloc arena setting, NODE_OPTIONS (the Terraform launchers' by default), and ARGS. */
const reported = (node: string, ours: string, arenas: string, nodeOptions = arenas === 'unset' ? 'unset' : '--jitless') => [
  `NODE_EXTRA_CA_CERTS=${node}`,
  `FLASHBACK_IAC_EXTRA_CA_CERTS=${ours}`,
  `MALLOC_ARENA_MAX=${arenas}`,
  `NODE_OPTIONS=${nodeOptions}`,
  ...ARGS,
];

describe('the packaged launcher', () => {
  let launcher: string;
  beforeAll(() => {
    const pkg = join(dir, 'package');
    mkdirSync(pkg);
    launcher = join(pkg, 'terraform-provider-flashback_v1.2.3');
    writeExecutable(launcher, LAUNCHER);
    writeExecutable(join(pkg, NODE_PROGRAM), REPORTER);
  });

  it('moves NODE_EXTRA_CA_CERTS into FLASHBACK_IAC_EXTRA_CA_CERTS and execs the executable beside it with the arguments as given', () => {
    expect(launch(launcher, { NODE_EXTRA_CA_CERTS: '/etc/some ca.pem' })).toEqual(reported('unset', '/etc/some ca.pem', '1'));
  });

  it('run through a symbolic link from elsewhere, still finds the executable beside the file it links to, never one beside the link', () => {
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    const link = join(elsewhere, 'terraform-provider-flashback');
    symlinkSync(launcher, link);
    writeExecutable(join(elsewhere, NODE_PROGRAM), '#!/bin/sh\necho wrong executable\n');
    expect(launch(link, {})).toEqual(reported('unset', 'unset', '1'));
  });

  it('started by its bare name from PATH, in another directory, runs the executable beside it, not one in the working directory', () => {
    const cwd = join(dir, 'cwd');
    mkdirSync(cwd);
    writeExecutable(join(cwd, NODE_PROGRAM), '#!/bin/sh\necho wrong executable\n');
    const out = execFileSync('terraform-provider-flashback_v1.2.3', ['one', 'two words', ''], { cwd, env: { PATH: `${join(dir, 'package')}:${process.env.PATH ?? ''}` } });
    expect(out.toString().trimEnd().split('\n')).toEqual(reported('unset', 'unset', '1'));
  });

  it('NODE_EXTRA_CA_CERTS, when set, wins over a FLASHBACK_IAC_EXTRA_CA_CERTS already in the environment; alone, that one is kept', () => {
    expect(launch(launcher, { NODE_EXTRA_CA_CERTS: '/a.pem', FLASHBACK_IAC_EXTRA_CA_CERTS: '/b.pem' })).toEqual(reported('unset', '/a.pem', '1'));
    expect(launch(launcher, { FLASHBACK_IAC_EXTRA_CA_CERTS: '/b.pem' })).toEqual(reported('unset', '/b.pem', '1'));
  });

  it('without NODE_EXTRA_CA_CERTS sets no CA variable, and an empty one is dropped; a MALLOC_ARENA_MAX of the user\'s is kept', () => {
    expect(launch(launcher, {})).toEqual(reported('unset', 'unset', '1'));
    expect(launch(launcher, { NODE_EXTRA_CA_CERTS: '', MALLOC_ARENA_MAX: '4' })).toEqual(reported('unset', 'unset', '4'));
  });

  it('starts V8 with --jitless ahead of the user\'s NODE_OPTIONS, and leaves NODE_OPTIONS as given with FLASHBACK_IAC_JIT=on', () => {
    expect(launch(launcher, { NODE_OPTIONS: '--max-old-space-size=512 --trace-warnings' })).toEqual(reported('unset', 'unset', '1', '--jitless --max-old-space-size=512 --trace-warnings'));
    expect(launch(launcher, { FLASHBACK_IAC_JIT: 'on' })).toEqual(reported('unset', 'unset', '1', 'unset'));
    expect(launch(launcher, { FLASHBACK_IAC_JIT: 'on', NODE_OPTIONS: '--trace-warnings' })).toEqual(reported('unset', 'unset', '1', '--trace-warnings'));
    expect(launch(launcher, { FLASHBACK_IAC_JIT: 'off' })).toEqual(reported('unset', 'unset', '1', '--jitless'));
  });

  it('is the file the engines run on Unix, the single executable beside it; on Windows the package is the .exe alone', () => {
    expect(packageEntries('/built/sea', '1.2.3', 'linux_amd64')).toEqual([
      { name: 'terraform-provider-flashback_v1.2.3', text: LAUNCHER },
      { name: NODE_PROGRAM, file: '/built/sea' },
    ]);
    // Terraform and OpenTofu run the file named terraform-provider-flashback, or that and `_` or `.` and more: not this one.
    expect(NODE_PROGRAM).not.toMatch(/^terraform-provider-flashback([._]|$)/);
    expect(packageEntries('/built/sea.exe', '1.2.3', 'windows_amd64')).toEqual([{ name: 'terraform-provider-flashback_v1.2.3.exe', file: '/built/sea.exe' }]);
  });
});

describe.each([
  ['bin/terraform-provider-flashback', '1'],
  ['bin/pulumi-resource-flashback', 'unset'],
  ["the Pulumi plugin tarball's pulumi-resource-flashback", 'unset'],
])('%s', (name, arenas) => {
  it('starts node without NODE_EXTRA_CA_CERTS, handing it on as FLASHBACK_IAC_EXTRA_CA_CERTS', () => {
    const fakeBin = join(dir, `fake-node-${name.replace(/\W/g, '-')}`);
    let script = join(root, name);
    if (!name.startsWith('bin/')) {
      script = join(dir, 'pulumi-plugin', 'pulumi-resource-flashback');
      mkdirSync(join(dir, 'pulumi-plugin'));
      writeExecutable(script, PULUMI_PLUGIN_WRAPPER);
    }
    mkdirSync(fakeBin);
    // A `node` first on PATH that reports instead of running the entry point (its first argument).
    writeExecutable(join(fakeBin, 'node'), REPORTER.replace('for a in', 'shift\nfor a in'));
    const path = `${fakeBin}:${process.env.PATH ?? ''}`;
    expect(launch(script, { NODE_EXTRA_CA_CERTS: '/etc/ca.pem' }, path)).toEqual(reported('unset', '/etc/ca.pem', arenas));
    expect(launch(script, {}, path)).toEqual(reported('unset', 'unset', arenas));
  });
});

it('bin/ launchers, files of the repository, hold the same hand-over lines as the generated ones', () => {
  const terraform = readFileSync(join(root, 'bin/terraform-provider-flashback'), 'utf8');
  const pulumi = readFileSync(join(root, 'bin/pulumi-resource-flashback'), 'utf8');
  for (const text of [terraform, pulumi, LAUNCHER, PULUMI_PLUGIN_WRAPPER]) expect(text).toContain(CA_HANDOVER);
  for (const text of [terraform, LAUNCHER]) expect(text).toContain(ONE_MALLOC_ARENA + NO_JIT);
  for (const text of [pulumi, PULUMI_PLUGIN_WRAPPER]) expect(text).not.toContain(NO_JIT);
});
