/**
 * examples/pulumi runs with the real Pulumi CLI against the emulator: create, usage read-back, rotation of the shared
 * secret (one in-place update), a no-change preview, destroy --run-program.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import flashbackExample from '../../../examples/pulumi';
import { type PulumiHarness, startPulumi } from './harness';

jest.setTimeout(600_000);

let h: PulumiHarness;
let failed = true;

beforeAll(async () => {
  const project = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.resolve(__dirname, '../../../examples/pulumi/Pulumi.yaml'), 'utf8'))![1];
  h = await startPulumi(project, flashbackExample);
  await h.stack.setConfig('awsAccessKeyId', { value: 'AKIAEXAMPLEKEY', secret: true });
  await h.stack.setConfig('awsSecretAccessKey', { value: 'example-secret-1', secret: true });
});
afterAll(async () => h?.close({ keep: failed }));

describe('examples/pulumi', () => {
  let keyId: string;

  it('creates the shared key, two buckets and the AI model, and reads back what uses the key', async () => {
    const up = await h.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 5 });
    keyId = up.outputs.keyId.value as string;
    expect(up.outputs.usage.value).toEqual(['ai_llm dev-assistant', 'storage_bucket dev-assets', 'storage_bucket dev-logs']);
    const [k] = await h.emu.client.apiKeys.list({ workspaceId: h.emu.workspaceId });
    expect(k).toMatchObject({ id: keyId, provider: 'AWS', bucket_count: 2, aillm_count: 1 });
  });

  it('rotating the secret in stack config is one in-place update', async () => {
    await h.stack.setConfig('awsSecretAccessKey', { value: 'example-secret-2', secret: true });
    const up = await h.stack.up();
    expect(up.summary.resourceChanges).toEqual({ update: 1, same: 4 });
    expect(up.outputs.keyId.value).toBe(keyId);
    expect((await h.stack.preview()).changeSummary).toEqual({ same: 5 });
    const text = await h.exportText();
    expect(text).not.toContain('example-secret-2');
    expect(text).not.toContain('AKIAEXAMPLEKEY');
  });

  it('destroy --run-program removes everything', async () => {
    const destroy = await h.stack.destroy({ runProgram: true });
    expect(destroy.summary.result).toBe('succeeded');
    expect(await h.emu.client.apiKeys.list({ workspaceId: h.emu.workspaceId })).toEqual([]);
    expect(await h.emu.client.buckets.list({ workspaceId: h.emu.workspaceId })).toEqual([]);
    failed = false;
  });
});
