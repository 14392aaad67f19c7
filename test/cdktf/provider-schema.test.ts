/**
 * The bindings cannot drift from the provider: the real `terraform` (1.11, from .engines/bin)
 * launches our provider (bin/terraform-provider-flashback, through dev_overrides) and prints its
 * schema with `terraform providers schema -json`; every binding must match it attribute by
 * attribute (name, type, required/optional/computed, sensitive, write-only), and every resource
 * and data source the provider serves must have a binding.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureBuilt, repoRoot } from '../support/build';
import { engineEnv, formatRun, makeTempDir, removeDir, requireEngine, run } from '../support/engines';
import { PROVIDER_ADDRESS, PROVIDER_SOURCE, type ProvidersSchemaDocument } from '../../src/cdktf/codegen/schema-document';
import { bindingClasses, compareWithSchema, descriptionDifferences } from './binding-facts';

jest.setTimeout(300_000);

let dir: string;
let schema: ProvidersSchemaDocument;
let failed = false;

beforeAll(async () => {
  requireEngine('terraform');
  ensureBuilt();
  dir = makeTempDir('flashback-cdktf-schema-');
  const env = engineEnv({ tmpDir: dir, devOverrides: { [PROVIDER_SOURCE]: path.join(repoRoot, 'bin') } });
  const work = path.join(dir, 'work');
  fs.mkdirSync(work);
  fs.writeFileSync(path.join(work, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: { flashback: { source: PROVIDER_SOURCE } } } }));
  // With dev_overrides no `terraform init` is needed (nor wanted: it would look for a release).
  const r = await run('terraform', ['providers', 'schema', '-json'], { cwd: work, env, timeoutMs: 120_000 });
  if (r.code !== 0) {
    failed = true;
    throw new Error(`terraform providers schema -json failed\n${formatRun(r)}`);
  }
  schema = JSON.parse(r.stdout) as ProvidersSchemaDocument;
});

afterAll(() => {
  if (dir && !failed) removeDir(dir);
});

describe('terraform providers schema -json of our provider', () => {
  it('has the flashback/flashback provider', () => {
    expect(Object.keys(schema.provider_schemas)).toContain(PROVIDER_ADDRESS);
  });

  it.each(bindingClasses().map((b) => [b.cls.name, b.kind, b.cls.tfResourceType] as const))('%s matches the %s %s', (name) => {
    const problems = compareWithSchema(schema).filter((p) => p.startsWith(`${name} (`));
    expect(problems).toEqual([]);
  });

  it('every attribute is described as the bindings (and so the docs) describe it', () => {
    expect(descriptionDifferences(schema)).toEqual([]);
  });

  it('every resource and data source the provider serves has a binding', () => {
    const problems = compareWithSchema(schema).filter((p) => p.includes('served by the provider but has no binding'));
    expect(problems).toEqual([]);
  });
});
