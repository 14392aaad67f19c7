import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { asciiOnly, bundleProvider, lateBundleOf } from '../../src/cli/provider/bundle';

jest.setTimeout(120_000);

describe('asciiOnly', () => {
  it('escapes every character outside ASCII so that the script means the same', () => {
    const source = 'const units = /(µs|μs)/y; const text = "é😀"; module.exports = [units.test("µs"), units.source, text];';
    const escaped = asciiOnly(source);
    expect(escaped).toMatch(/^[\x20-\x7e]*$/);
    const m = { exports: [] as unknown[] };
    new Function('module', escaped)(m);
    expect(m.exports).toEqual([true, '(\\u00b5s|\\u03bcs)', 'é😀']);
  });
});

describe('the provider bundle', () => {
  it('is an entry point up to the handshake plus a late bundle beside it, both ASCII, which the entry point loads when asked', async () => {
    const root = resolve(__dirname, '../..');
    const dir = mkdtempSync(join(tmpdir(), 'flashback-bundle-test-'));
    try {
      const bundle = await bundleProvider(root, join(dir, 'terraform-provider-flashback.cjs'));
      const late = lateBundleOf(bundle);
      for (const f of [bundle, late]) expect(readFileSync(f, 'latin1')).not.toMatch(/[\u0080-\u00ff]/);
      // What is parsed before the handshake is a small part of the whole.
      expect(statSync(bundle).size).toBeLessThan(statSync(late).size / 20);
      // Not a plugin host: the entry point refuses without loading the late bundle, and says why.
      let refused = '';
      try {
        execFileSync(process.execPath, [bundle], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } });
      } catch (e) {
        refused = String((e as { stderr: Buffer }).stderr);
      }
      expect(refused).toMatch(/plugin/i);
      // The late bundle compiles and exports the modules the entry point loads after the handshake.
      const exported = execFileSync(process.execPath, ['-e', `const l = require(${JSON.stringify(late)}); console.log(typeof l.pluginServer.startPluginServer, typeof l.provider.createFlashbackProvider)`]).toString();
      expect(exported.trim()).toBe('function function');
      // What axios loads for multipart bodies, proxies and follow-redirects' debug log is left out (issue #13: memory).
      const lateSource = readFileSync(late, 'latin1');
      expect(lateSource).not.toContain('application/vnd.'); // mime-db, which form-data loads
      expect(lateSource).not.toMatch(/node_modules\/(form-data|mime-db|https-proxy-agent|agent-base|debug|supports-color)\//);
      expect(lateSource).toContain('flashback-iac sends no multipart bodies');
      expect(lateSource).toContain('flashback-iac sends no request through a proxy');
      // zod's ~50 translations of its messages are left out; its English ones, which it uses, stay (issue #13: CPU).
      expect(lateSource).not.toMatch(/node_modules\/zod\/v4\/locales\/(?!en\.cjs)/);
      expect(lateSource).toContain('zod/v4/locales/en.cjs');
      // The entry point names the code cache it looks for by the late bundle's SHA-256 as written (V8 checks only the source's length).
      const sha = createHash('sha256').update(readFileSync(late)).digest('hex');
      expect(readFileSync(bundle, 'latin1')).toContain(`compileLateBundle(source,filename,${JSON.stringify(sha)})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
