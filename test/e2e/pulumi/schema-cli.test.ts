/** schema.json through the real Pulumi CLI: `pulumi package info` binds each resource and the function without error. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inputFields, resourceModels } from '../../../src/core';
import { engineEnv, requireEngine, run } from '../../support/engines';

jest.setTimeout(120_000);

const schema = path.resolve(__dirname, '..', '..', '..', 'schema.json');

describe('schema.json in the Pulumi CLI', () => {
  const env = engineEnv();

  it.each(resourceModels.map((m) => [m.pulumiName, m] as const))('pulumi package info --resource %s binds it and lists every input', async (name, model) => {
    requireEngine('pulumi');
    const r = await run('pulumi', ['package', 'info', schema, '--resource', name], { env });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toContain(`Resource: flashback:index:${name}`);
    for (const f of inputFields(model)) expect(r.stdout).toContain(` - ${f.prop} (${f.type}${f.required && !f.defaultsToProviderWorkspace ? '*' : ''}): `);
  });

  it('pulumi package info --function getProviderApiKeys binds it', async () => {
    requireEngine('pulumi');
    const r = await run('pulumi', ['package', 'info', schema, '--function', 'getProviderApiKeys'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Function: flashback:index:getProviderApiKeys');
    expect(r.stdout).toContain('keys (Array<flashback:index:ProviderApiKeyUsage>*)');
  });

  it('the CLI does reject a broken schema (so the checks above mean something)', async () => {
    requireEngine('pulumi');
    const doc = JSON.parse(fs.readFileSync(schema, 'utf8')) as { resources: Record<string, { properties: Record<string, { type: string }> }> };
    doc.resources['flashback:index:ProviderApiKey'].properties.key.type = 'strang';
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'flashback-schema-')), 'schema.json');
    fs.writeFileSync(bad, JSON.stringify(doc));
    const r = await run('pulumi', ['package', 'info', bad, '--resource', 'ProviderApiKey'], { env });
    expect(r.code).not.toBe(0);
    expect(r.stderr + r.stdout).toContain('unknown type kind strang');
  });
});
