/**
 * The release tarball of the native provider (`flashback-iac pulumi-plugin package`): `pulumi plugin install resource
 * flashback <version> --file <tarball>` installs it into a fresh PULUMI_HOME, and examples/pulumi-yaml, without its
 * plugin path, runs with the installed plugin (no FLASHBACK plugin anywhere on PATH).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packagePulumiPlugin } from '../../../src/cli/pulumi-plugin';
import { ensureBuilt } from '../../support/build';
import { engineEnvInfo, makeTempDir, removeDir } from '../../support/engines';
import { type CliProject, exampleDir, opsByName, previewJson, startCliProject, warningLines } from './project';

jest.setTimeout(900_000);

let p: CliProject;
let rel: string;
let failed = true;

beforeAll(async () => {
  ensureBuilt();
  p = await startCliProject({ projectYaml: fs.readFileSync(path.join(exampleDir, 'Pulumi.yaml'), 'utf8'), pluginByPath: false });
  rel = makeTempDir('flashback-pulumi-release-');
});
afterAll(async () => {
  await p?.close({ keep: failed });
  if (rel) removeDir(rel);
});

describe('the pulumi-resource-flashback tarball', () => {
  let version: string;

  it('installs with pulumi plugin install --file into a fresh PULUMI_HOME', async () => {
    const pkg = await packagePulumiPlugin({ outDir: rel });
    version = pkg.version;
    expect(path.basename(pkg.file)).toMatch(new RegExp(`^pulumi-resource-flashback-v${version.replace(/\./g, '\\.')}-linux-(amd64|arm64)\\.tar\\.gz$`));
    expect(fs.readFileSync(path.join(p.dir, 'Pulumi.yaml'), 'utf8')).not.toContain('plugins:');
    expect((p.env.PATH ?? '').split(path.delimiter).some((d) => fs.existsSync(path.join(d, 'pulumi-resource-flashback')))).toBe(false);
    // Before the install, the engine has no flashback plugin to run.
    await p.ok(['config', 'set', '--secret', 'awsAccessKeyId', 'AKIATARBALL']);
    await p.ok(['config', 'set', '--secret', 'awsSecretAccessKey', 'tarball-secret-one']);
    const before = await p.pulumi(['preview']);
    expect(before.code).not.toBe(0);
    expect(before.stdout + before.stderr).toContain("no resource plugin 'pulumi-resource-flashback' found");

    await p.ok(['plugin', 'install', 'resource', 'flashback', version, '--file', pkg.file]);
    const listed = JSON.parse((await p.ok(['plugin', 'ls', '--json'])).stdout) as { name: string; kind: string; version: string; path?: string }[];
    expect(listed).toEqual([expect.objectContaining({ name: 'flashback', kind: 'resource', version })]);
    const installed = path.join(engineEnvInfo(p.env).pulumiHome, 'plugins', `resource-flashback-v${version}`, 'pulumi-resource-flashback');
    expect(fs.statSync(installed).mode & 0o111).not.toBe(0);
  });

  it('runs the YAML example with the installed plugin: up, rotation, destroy, no warning', async () => {
    // A token set without --secret is still kept encrypted: the provider marks it secret.
    await p.ok(['config', 'set', '--plaintext', 'flashback:token', p.emu.token]);
    const up = await p.ok(['up', '--yes']);
    expect(warningLines(up)).toEqual([]);
    expect(p.stateFileText()).not.toContain(p.emu.token);
    const keyId = String((await p.outputs()).keyId);
    expect(await p.emu.client.apiKeys.list({ workspaceId: p.emu.workspaceId })).toEqual([expect.objectContaining({ id: keyId, bucket_count: 2, aillm_count: 1 })]);

    await p.ok(['config', 'set', '--secret', 'awsSecretAccessKey', 'tarball-secret-two']);
    expect(opsByName(await previewJson(p))).toEqual({ aws: 'update' });
    await p.ok(['up', '--yes']);
    expect((await p.outputs()).keyId).toBe(keyId);

    const destroy = await p.ok(['destroy', '--yes']);
    expect(warningLines(destroy)).toEqual([]);
    expect(await p.emu.client.apiKeys.list({ workspaceId: p.emu.workspaceId })).toEqual([]);
    failed = false;
  });
});
