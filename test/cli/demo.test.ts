import { existsSync } from 'node:fs';
import { runDemo } from '../../src/cli/demo';

describe('the demo without engines', () => {
  it('walks the API through the core models: shared key, rotation, a named conflict, clean teardown; then removes its data', async () => {
    const lines: string[] = [];
    await runDemo({ out: (l) => lines.push(l), terraform: false, pulumi: false });
    const text = lines.join('\n');
    expect(text).toMatch(/No terraform on PATH/);
    expect(text).toMatch(/used by 2 buckets and 1 AI model/);
    expect(text).toMatch(/same id kept/);
    expect(text).toMatch(/would fail: 3 resources still use it/);
    expect(text).toContain('storage bucket "demo-logs"');
    expect(text).toContain('storage bucket "demo-media"');
    expect(text).toContain('AI model "demo-assistant"');
    expect(text).toMatch(/done: 0 keys left/);
    expect(text).toMatch(/Pulumi walkthrough is left out/);
    expect(text).not.toMatch(/demo-secret-v[12]/);
    const dataDir = /data in (\S+),/.exec(text)?.[1];
    expect(dataDir).toBeDefined();
    expect(existsSync(dataDir as string)).toBe(false);
  });
});
