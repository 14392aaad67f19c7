/**
 * The deletion guard with dependents this program registers, through the real Pulumi CLI: moving a bucket to another
 * key and deleting the old key in the same update is not a conflict; a registered bucket that keeps pointing at the
 * key being deleted is one, and with the guard off the provider's delete refuses it at apply with the same message.
 */
import { ProviderApiKey, StorageBucket } from '../../../src/pulumi';
import { type PulumiHarness, failure, startPulumi } from './harness';

jest.setTimeout(600_000);

const spec = { oldKey: true, bucketOn: 'old' as 'old' | 'new' | 'literal', literal: '' };
let h: PulumiHarness;
let failed = true;

beforeAll(async () => {
  h = await startPulumi('flashback-pulumi-repoint', async () => {
    const fresh = new ProviderApiKey('new', { providerType: 'GCP', key: 'gcp', secret: 'new-secret' });
    const old = spec.oldKey ? new ProviderApiKey('old', { providerType: 'AWS', key: 'aws', secret: 'old-secret' }) : undefined;
    const target = spec.bucketOn === 'new' ? fresh.id : spec.bucketOn === 'literal' ? spec.literal : old!.id;
    const bucket = new StorageBucket('data', { providerApiKeyId: target, name: 'repoint-data', bucket: 'data', storageType: 'S3' });
    return { oldId: old?.id, newId: fresh.id, bucketKey: bucket.providerApiKeyId };
  });
});
afterAll(async () => h?.close({ keep: failed }));

describe('re-pointing and deleting in one update', () => {
  let oldId: string;
  let newId: string;

  it('sets up two keys and a bucket on the old one', async () => {
    const up = await h.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 4 });
    oldId = up.outputs.oldId.value as string;
    newId = up.outputs.newId.value as string;
    expect(up.outputs.bucketKey.value).toBe(oldId);
  });

  it('a registered bucket still pointing at the removed key (by literal id) is a conflict, named in the preview', async () => {
    spec.oldKey = false;
    spec.bucketOn = 'literal';
    spec.literal = oldId;
    const msg = await failure(h.stack.preview());
    expect(msg).toContain(`Deleting provider API key ${oldId}`);
    expect(msg).toContain('storage bucket "repoint-data"');
  });

  it('with the guard switched off, the preview passes and `delete` re-checks at apply, failing with the same message', async () => {
    await h.stack.setConfig('flashback:previewGuard', { value: 'false' });
    try {
      const preview = await h.stack.preview();
      expect(preview.changeSummary).toEqual({ delete: 1, same: 3 });
      const msg = await failure(h.stack.up());
      expect(msg).toContain(`Deleting provider API key ${oldId} (workspace ${h.emu.workspaceId}) would fail: 1 resource still uses it:`);
      expect(msg).toContain('storage bucket "repoint-data"');
      expect(msg).not.toContain('before hook');
      expect((await h.emu.client.apiKeys.list({ workspaceId: h.emu.workspaceId })).map((k) => k.id).sort()).toEqual([oldId, newId].sort());
    } finally {
      await h.stack.removeConfig('flashback:previewGuard');
    }
  });

  it('moving the bucket to the other key while removing the old key previews and applies cleanly', async () => {
    spec.bucketOn = 'new';
    const preview = await h.stack.preview();
    expect(preview.changeSummary).toEqual({ update: 1, delete: 1, same: 2 });
    const up = await h.stack.up();
    expect(up.summary.resourceChanges).toEqual({ update: 1, delete: 1, same: 2 });
    expect(up.outputs.bucketKey.value).toBe(newId);
    expect((await h.emu.client.apiKeys.list({ workspaceId: h.emu.workspaceId })).map((k) => k.id)).toEqual([newId]);
    const destroy = await h.stack.destroy({ runProgram: true });
    expect(destroy.summary.result).toBe('succeeded');
    failed = false;
  });
});
