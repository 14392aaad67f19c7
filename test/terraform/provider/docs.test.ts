/**
 * docs/ (registry layout) is generated from the provider's schema and docs-src/ by
 * `npm run docs`; this fails when the committed pages differ from what the generator writes.
 */
import { renderDocs, staleDocs } from '../../../src/terraform/docs';
import { createFlashbackProvider } from '../../../src/terraform/provider';

const pages = renderDocs();
const page = (path: string) => pages.find((p) => p.path === path)?.text ?? '';

describe('Terraform provider docs', () => {
  it('docs/ holds exactly what `npm run docs` generates', () => {
    expect(staleDocs()).toEqual([]);
  });

  it('has the registry layout: an index, one page per resource and per data source', () => {
    const provider = createFlashbackProvider({});
    expect(pages.map((p) => p.path).sort()).toEqual(
      [
        'index.md',
        ...provider.resources.map((r) => `resources/${r.typeName.replace(/^flashback_/, '')}.md`),
        ...provider.dataSources.map((d) => `data-sources/${d.typeName.replace(/^flashback_/, '')}.md`),
      ].sort(),
    );
    for (const p of pages) {
      expect(p.text).toMatch(/^---\npage_title: "[^"]+"\n/);
      expect(p.text).toContain('## Example Usage\n\n```terraform\n');
      expect(p.text).toContain('## Schema');
    }
  });

  it('documents every attribute and nested block the provider serves, with its description', () => {
    const provider = createFlashbackProvider({});
    for (const r of provider.resources) {
      const text = page(`resources/${r.typeName.replace(/^flashback_/, '')}.md`);
      for (const [name, a] of Object.entries(r.schema.block.attributes)) {
        expect(text).toContain(`- \`${name}\` (`);
        expect(text).toContain(a.description);
      }
      expect(text).toContain('- `timeouts` (Block, Optional)');
      expect(text).toContain('### Nested Schema for `timeouts`');
      expect(text).toMatch(/## Import\n\nImport uses the id `<workspace_id>\/<id>`/);
    }
    expect(page('index.md')).toContain('- `token` (String, Sensitive)');
  });

  it('tells, on the key page, how to rotate, why create_before_destroy, how conflicts are reported, and what import cannot bring', () => {
    const key = page('resources/provider_api_key.md');
    expect(key).toContain('## Rotating the secret');
    expect(key).toContain('~ secret_wo_version = 1 -> 2');
    expect(key).toContain('## Replacing the key');
    expect(key).toContain('create_before_destroy = true');
    expect(key).toContain('## Deletion conflicts');
    expect(key).toContain('deletion_protection = true');
    expect(key).toMatch(/The secret cannot be imported[^]*secret_wo_version/);
    expect(key).toContain('- `secret_wo` (String, Sensitive, [Write-only]');
  });
});
