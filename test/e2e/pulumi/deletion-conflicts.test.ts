/**
 * Issue #14, the Pulumi side, through the real Pulumi CLI (Automation API, inline program, file backend) against the
 * emulator. The Automation API's `up` always passes --skip-preview, so every `up` here is the update a user gets with
 * `pulumi up --skip-preview`: nothing but the hooks stands between a removal and the API's refusal.
 * One stack, each step building on the previous one.
 */
import * as pulumi from '@pulumi/pulumi';
import { AiLlm, ProviderApiKey, StorageBucket, registerDeletionGuard } from '../../../src/pulumi';
import { run } from '../../support/engines';
import { type PulumiHarness, failure, startPulumi } from './harness';

jest.setTimeout(600_000);

const uniq = Date.now().toString(36);
const spec = {
  first: true,
  second: false,
  /** Which key the bucket and the AI model use; 'none' drops them. */
  on: 'first' as 'first' | 'second' | 'none',
  bucketTwo: true,
  secondType: 'GCP',
  secondDeleteBeforeReplace: false,
  /** The bucket's storage type (a change replaces it), and its deleteBeforeReplace option. */
  logsType: 'S3',
  logsDeleteBeforeReplace: false,
  /** Declare nothing; `load` loads the package inside the run, as a Node program that keeps its import does. */
  empty: false,
  load: false,
};

/** What the Node language host does for a CLI program: the program's modules, this package among them, load inside the run. */
function loadPackageInRun(): void {
  jest.isolateModules(() => {
    jest.doMock('@pulumi/pulumi', () => pulumi);
    jest.requireActual('../../../src/pulumi');
  });
}

function program(): Record<string, pulumi.Output<unknown>> {
  if (spec.empty) {
    if (spec.load) loadPackageInRun();
    return {};
  }
  const out: Record<string, pulumi.Output<unknown>> = {};
  const first = spec.first ? new ProviderApiKey('first', { providerType: 'AWS', key: 'AKIAFIRST', secret: 'first-secret' }) : undefined;
  const second = spec.second
    ? new ProviderApiKey('second', { providerType: spec.secondType, key: 'second-key', secret: 'second-secret' }, { deleteBeforeReplace: spec.secondDeleteBeforeReplace })
    : undefined;
  const key = spec.on === 'first' ? first : spec.on === 'second' ? second : undefined;
  // An inline program that declares no Flashback resource registers the hooks itself (the last test covers a program
  // that only loads the package).
  if (!first && !second) registerDeletionGuard();
  if (first) out.firstId = first.id;
  if (second) out.secondId = second.id;
  if (key) {
    out.logsId = new StorageBucket('logs', { providerApiKeyId: key.id, name: `logs-${uniq}`, bucket: 'acme-logs', storageType: spec.logsType }, { deleteBeforeReplace: spec.logsDeleteBeforeReplace }).id;
    if (spec.bucketTwo) out.assetsId = new StorageBucket('assets', { providerApiKeyId: key.id, name: `assets-${uniq}`, bucket: 'acme-assets', storageType: 'S3' }).id;
    out.llmId = new AiLlm('assistant', { providerApiKeyId: key.id, name: `assistant-${uniq}`, aiType: 'OPENAI' }).id;
  }
  return out;
}

let h: PulumiHarness;
let failed = true;
beforeAll(async () => {
  h = await startPulumi('flashback-deletion-conflicts', async () => program());
});
afterAll(async () => h?.close({ keep: failed }));

const keys = async () => (await h.emu.client.apiKeys.list({ workspaceId: h.emu.workspaceId })).map((k) => k.id).sort();
const buckets = async () => (await h.emu.client.buckets.list({ workspaceId: h.emu.workspaceId })).map((b) => [b.name, b.apiKeyId]).sort();
const llms = async () => (await h.emu.client.aiLlms.list({ workspaceId: h.emu.workspaceId })).map((l) => [l.name, l.apiKeyId]);

describe('removing a key with its dependents in one `up` (no preview)', () => {
  let firstId: string;

  it('deleting one bucket alone, its key kept, works', async () => {
    const up = await h.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 5 });
    firstId = up.outputs.firstId.value as string;
    spec.bucketTwo = false;
    const removed = await h.stack.up();
    expect(removed.summary.resourceChanges).toEqual({ delete: 1, same: 4 });
    expect(await buckets()).toEqual([[`logs-${uniq}`, firstId]]);
  });

  it('with a bucket outside the stack on the key: nothing is deleted, and the error names that bucket and what to do', async () => {
    const outsideId = await h.emu.client.buckets.create({ workspaceId: h.emu.workspaceId, apiKeyUuid: firstId, name: `outside-${uniq}`, bucket: 'outside', storageType: 'S3' });
    spec.first = false;
    spec.on = 'none';
    const msg = await failure(h.stack.up());
    expect(msg).toContain(`Deleting provider API key ${firstId} (workspace ${h.emu.workspaceId}) would fail: 1 resource still uses it:`);
    expect(msg).toContain(`- storage bucket "outside-${uniq}" (id ${outsideId}, workspace ${h.emu.workspaceId})`);
    expect(msg).toContain('this update deletes that key too, and that would fail, leaving the removal half done');
    expect(msg).toContain('Point these at another key (providerApiKeyId) or delete them in the same change');
    expect(msg).not.toContain('provider_api_key_id');
    // The conflict is described on one held-back dependent; the other points at it.
    expect(msg).toContain(`cannot be deleted in this update (the error on another of its dependents names what still uses it)`);
    expect(await keys()).toEqual([firstId]);
    expect(await buckets()).toEqual([[`logs-${uniq}`, firstId], [`outside-${uniq}`, firstId]].sort());
    expect(await llms()).toEqual([[`assistant-${uniq}`, firstId]]);
    // The stack still holds all of them, unchanged.
    spec.first = true;
    spec.on = 'first';
    expect((await h.stack.preview()).changeSummary).toEqual({ same: 4 });
    await h.emu.client.buckets.delete(outsideId);
  });

  it('with none outside, the same update deletes the key and all its dependents', async () => {
    spec.first = false;
    spec.on = 'none';
    const up = await h.stack.up();
    expect(up.summary.resourceChanges).toEqual({ delete: 3, same: 1 });
    expect(await keys()).toEqual([]);
    expect(await buckets()).toEqual([]);
    expect(await llms()).toEqual([]);
  });
});

describe('re-pointing and replacing', () => {
  let secondId: string;

  it('re-pointing the dependents at a new key while deleting the old one applies in one `up`', async () => {
    spec.first = true;
    spec.second = true;
    spec.on = 'first';
    const made = await h.stack.up();
    expect(made.summary.resourceChanges).toEqual({ create: 4, same: 1 });
    secondId = made.outputs.secondId.value as string;
    spec.first = false;
    spec.on = 'second';
    const up = await h.stack.up();
    expect(up.summary.resourceChanges).toEqual({ update: 2, delete: 1, same: 2 });
    expect(await keys()).toEqual([secondId]);
    expect(await buckets()).toEqual([[`logs-${uniq}`, secondId]]);
    expect(await llms()).toEqual([[`assistant-${uniq}`, secondId]]);
  });

  it('replacing a key with deleteBeforeReplace while dependents use it stops before deleting it, saying why', async () => {
    spec.secondDeleteBeforeReplace = true;
    spec.secondType = 'AZURE';
    const msg = await failure(h.stack.up());
    expect(msg).toContain(`Replacing provider API key ${secondId} (workspace ${h.emu.workspaceId}) would fail: 2 resources still use it:`);
    expect(msg).toContain(`storage bucket "logs-${uniq}"`);
    expect(msg).toContain(`AI model "assistant-${uniq}"`);
    expect(msg).toContain('This key has the deleteBeforeReplace option');
    expect(await keys()).toEqual([secondId]);
    expect(await buckets()).toEqual([[`logs-${uniq}`, secondId]]);
  });

  it('the default replacement (create, re-point, delete the old key) applies', async () => {
    spec.secondDeleteBeforeReplace = false;
    spec.secondType = 'GCP';
    expect((await h.stack.preview()).changeSummary).toEqual({ same: 4 });
    spec.secondType = 'AZURE';
    const up = await h.stack.up();
    expect(up.summary.resourceChanges).toEqual({ replace: 1, update: 2, same: 1 });
    const newId = up.outputs.secondId.value as string;
    expect(newId).not.toBe(secondId);
    expect(await keys()).toEqual([newId]);
    expect(await buckets()).toEqual([[`logs-${uniq}`, newId]]);
    expect(await llms()).toEqual([[`assistant-${uniq}`, newId]]);
  });
});

describe('replacing a dependent', () => {
  it('with deleteBeforeReplace, its delete hook (run inside its own registration) lets it through', async () => {
    spec.logsType = 'GCS';
    spec.logsDeleteBeforeReplace = true;
    const up = await h.stack.up();
    expect(up.summary.resourceChanges).toEqual({ replace: 1, same: 3 });
    const [keyId] = await keys();
    expect((await h.emu.client.buckets.list({ workspaceId: h.emu.workspaceId })).map((b) => [b.storageType, b.apiKeyId])).toEqual([['GCS', keyId]]);
  });
});

describe('pulumi destroy without --run-program', () => {
  it('cannot run the hooks, so the CLI stops before deleting anything; its last line says what to run', async () => {
    const r = await run('pulumi', ['destroy', '--yes', '--non-interactive', '--stack', 'dev'], { cwd: h.workDir, env: h.env });
    expect(r.code).not.toBe(0);
    const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.trim() !== '');
    expect(lines[lines.length - 1]).toContain('You must run with the `--run-program` flag to use delete hooks during destroy.');
    expect(await keys()).toHaveLength(1);
    expect(await buckets()).toHaveLength(1);
  });
});

describe('a program with no Flashback resource left', () => {
  it('that still loads the package previews and applies the removal, with no registerDeletionGuard() call', async () => {
    spec.empty = true;
    spec.load = true;
    expect((await h.stack.preview()).changeSummary).toEqual({ delete: 3, same: 1 });
    const up = await h.stack.up();
    expect(up.summary.resourceChanges).toEqual({ delete: 3, same: 1 });
    expect(await keys()).toEqual([]);
    expect(await buckets()).toEqual([]);
    failed = false;
  });
});
