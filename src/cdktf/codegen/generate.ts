/**
 * Writes the CDKTF bindings to src/cdktf/bindings.
 *
 *   npx tsc -p tsconfig.build.json && node dist/cdktf/codegen/generate.js
 *       from the schema the provider serves, built in process (the default);
 *   node dist/cdktf/codegen/generate.js --from-schema schema.json
 *       from a `terraform providers schema -json` document of the real provider.
 *
 * test/cdktf/bindings.test.ts fails when the files differ from what the generator produces, and
 * test/cdktf/provider-schema.test.ts compares the bindings with the real provider's schema.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createFlashbackProvider } from '../../terraform/provider';
import { providersSchemaDocument } from '../../terraform/schema-json';
import { type RenderOptions, renderBindings } from './render';
import type { ProvidersSchemaDocument } from './schema-document';

/** The provider's own schema, as `terraform providers schema -json` would print it. */
export const servedSchema = (): ProvidersSchemaDocument => providersSchemaDocument(createFlashbackProvider({}));

/** src/cdktf/bindings, whether this runs from src/ (ts-jest) or from dist/. */
export const bindingsDir = path.resolve(__dirname, '..', '..', '..', 'src', 'cdktf', 'bindings');

/** `~> major.minor` of the package version: the provider ships with the package, so they share a version. */
export function defaultRenderOptions(): RenderOptions {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
  const [major, minor] = pkg.version.split('.');
  return { versionConstraint: `~> ${major}.${minor}` };
}

export function writeBindings(doc: ProvidersSchemaDocument, dir = bindingsDir, options = defaultRenderOptions()): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files = renderBindings(doc, options);
  for (const f of files) fs.writeFileSync(path.join(dir, f.path), f.text);
  return files.map((f) => path.join(dir, f.path));
}

if (require.main === module) {
  const i = process.argv.indexOf('--from-schema');
  const doc = i >= 0 ? (JSON.parse(fs.readFileSync(process.argv[i + 1], 'utf8')) as ProvidersSchemaDocument) : servedSchema();
  for (const f of writeBindings(doc)) console.error(`wrote ${path.relative(process.cwd(), f)}`);
}
