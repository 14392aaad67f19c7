/**
 * Renders the CDKTF bindings (TypeScript source) from a provider schema document: one file per
 * provider, resource and data source, shaped like the bindings `cdktf get` generates (config
 * interface extending the meta-arguments, camelCase getters returning tokens, `xxxInput`
 * getters, `synthesizeAttributes()` writing snake_case), plus our own additions: a
 * `Symbol.for` brand with a static `isXxx()`, the attribute metadata the schema test compares,
 * literal-secret guards and synth-time validations.
 */
import { isStoredForm } from '../../terraform/resources/secret-forms';
import type { AttributeMode, BindingAttribute, BindingBlock } from '../binding-support';
import { PROVIDER_NAME, PROVIDER_SOURCE, type ProvidersSchemaDocument, type SchemaAttribute, type SchemaBlock, type SchemaType, flashbackSchema } from './schema-document';

export interface RenderedFile {
  /** Relative to src/cdktf/bindings. */
  readonly path: string;
  readonly text: string;
}

type BindingKind = 'provider' | 'resource' | 'data';

interface PlannedAttribute extends BindingAttribute {
  readonly description: string;
}

/** A single nested block of optional scalar attributes, rendered as a struct (`cdktf get` does the same). */
interface PlannedBlock {
  readonly name: string;
  readonly prop: string;
  /** `ProviderApiKeyResourceTimeouts`. */
  readonly struct: string;
  readonly description: string;
  readonly attributes: readonly PlannedAttribute[];
}

interface BindingPlan {
  readonly kind: BindingKind;
  /** `flashback` for the provider, else the resource or data source type. */
  readonly tfType: string;
  readonly className: string;
  readonly fileName: string;
  readonly description: string;
  readonly attributes: readonly PlannedAttribute[];
  readonly blocks: readonly PlannedBlock[];
}

/** Names the cdktf base classes (or constructs) already use; an attribute with one of them would shadow it. */
const RESERVED = new Set([
  'provider', 'count', 'lifecycle', 'dependsOn', 'forEach', 'connection', 'provisioners', 'node', 'fqn', 'friendlyUniqueId',
  'terraformResourceType', 'terraformGeneratorMetadata', 'terraformMetaArguments', 'terraformProviderSource', 'alias',
  'metaAttributes', 'rawOverrides', 'cdktfStack', 'toString', 'constructor', 'attributes',
]);

const camel = (snake: string): string => snake.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const pascal = (snake: string): string => camel(snake).replace(/^[a-z]/, (c) => c.toUpperCase());
const kebab = (snake: string): string => snake.replace(/_/g, '-');

function modeOf(a: SchemaAttribute): AttributeMode {
  if (a.required) return 'required';
  if (a.optional) return a.computed ? 'optional_computed' : 'optional';
  return 'computed';
}

/** Single nested blocks of optional scalars; any other nested block is refused rather than dropped. */
function planBlocks(block: SchemaBlock, className: string, where: string): PlannedBlock[] {
  return Object.entries(block.block_types ?? {}).map(([name, nestedBlock]) => {
    const inner = nestedBlock.block;
    const scalarsOnly = Object.values(inner.attributes ?? {}).every((a) => typeof a.type === 'string' && modeOf(a) === 'optional' && !a.sensitive && !a.write_only);
    if (nestedBlock.nesting_mode !== 'single' || Object.keys(inner.block_types ?? {}).length > 0 || !scalarsOnly) {
      throw new Error(`${where} has the nested block "${name}" (${nestedBlock.nesting_mode}); the binding generator renders only single blocks of optional scalar attributes.`);
    }
    const prop = camel(name);
    if (RESERVED.has(prop)) throw new Error(`${where}: block "${name}" would be the property "${prop}", which the cdktf base classes already use.`);
    return { name, prop, struct: `${className}${pascal(name)}`, description: inner.description ?? '', attributes: planAttributes(inner, 'resource', `${where}, block ${name}`) };
  });
}

function planAttributes(block: SchemaBlock, kind: BindingKind, where: string): PlannedAttribute[] {
  const attrs = Object.entries(block.attributes ?? {});
  return attrs.map(([name, a]) => {
    const prop = camel(name);
    if (RESERVED.has(prop)) throw new Error(`${where}: attribute "${name}" would be the property "${prop}", which the cdktf base classes already use.`);
    const mode = modeOf(a);
    if (mode !== 'computed' && typeof a.type !== 'string') throw new Error(`${where}: input attribute "${name}" has a collection type; the generator renders only scalar inputs.`);
    const twinOfWriteOnly = isStoredForm(name, attrs.filter(([, o]) => o.write_only).map(([other]) => other));
    const referenceOnly = mode !== 'computed' && (a.write_only === true || twinOfWriteOnly || (kind === 'provider' && a.sensitive === true));
    return { name, prop, type: a.type, mode, sensitive: a.sensitive ?? false, writeOnly: a.write_only ?? false, referenceOnly, description: a.description ?? '' };
  });
}

function plans(doc: ProvidersSchemaDocument): BindingPlan[] {
  const schema = flashbackSchema(doc);
  const strip = (t: string) => t.replace(new RegExp(`^${PROVIDER_NAME}_`), '');
  const out: BindingPlan[] = [
    {
      kind: 'provider',
      tfType: PROVIDER_NAME,
      className: 'FlashbackProvider',
      fileName: 'provider',
      description: schema.provider.block.description ?? '',
      attributes: planAttributes(schema.provider.block, 'provider', 'the provider configuration'),
      blocks: planBlocks(schema.provider.block, 'FlashbackProvider', 'the provider configuration'),
    },
  ];
  for (const [tfType, s] of Object.entries(schema.resource_schemas ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const className = `${pascal(strip(tfType))}Resource`;
    const where = `resource ${tfType}`;
    out.push({ kind: 'resource', tfType, className, fileName: kebab(strip(tfType)), description: s.block.description ?? '', attributes: planAttributes(s.block, 'resource', where), blocks: planBlocks(s.block, className, where) });
  }
  for (const [tfType, s] of Object.entries(schema.data_source_schemas ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const className = `${pascal(strip(tfType))}DataSource`;
    const where = `data source ${tfType}`;
    out.push({ kind: 'data', tfType, className, fileName: `data-${kebab(strip(tfType))}`, description: s.block.description ?? '', attributes: planAttributes(s.block, 'data', where), blocks: planBlocks(s.block, className, where) });
  }
  return out;
}

// ---- text helpers ----

const q = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function doc(text: string, indent: string): string[] {
  const clean = text.trim().replace(/\*\//g, '*\\/');
  if (!clean) return [];
  const words = clean.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + w.length + 1 > 96) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return [`${indent}/**`, ...lines.map((l) => `${indent} * ${l}`), `${indent} */`];
}

const inputType = (t: SchemaType): string => (t === 'bool' ? 'boolean | cdktf.IResolvable' : t === 'number' ? 'number' : 'string');
const mapperOf = (t: SchemaType): string => (t === 'bool' ? 'boolean' : t === 'number' ? 'number' : 'string');
const storageClassOf = (t: SchemaType): string => (t === 'bool' ? 'boolean' : t === 'number' ? 'number' : 'string');

function getterOf(t: SchemaType, name: string): { type: string; expr: string } {
  if (t === 'bool') return { type: 'cdktf.IResolvable', expr: `this.getBooleanAttribute(${q(name)})` };
  if (t === 'number') return { type: 'number', expr: `this.getNumberAttribute(${q(name)})` };
  if (t === 'string') return { type: 'string', expr: `this.getStringAttribute(${q(name)})` };
  throw new Error(`no getter for type ${JSON.stringify(t)}`);
}

/** `["list", ["object", {...}]]` → the object's attribute types, or undefined for any other type. */
function listOfObject(t: SchemaType): { readonly [name: string]: SchemaType } | undefined {
  if (Array.isArray(t) && t[0] === 'list' && Array.isArray(t[1]) && t[1][0] === 'object') return t[1][1] as { readonly [name: string]: SchemaType };
  return undefined;
}

/** A JSON-like value as a TypeScript literal (single quotes, bare keys where possible). */
function literal(v: unknown): string {
  if (typeof v === 'string') return q(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : q(k)}: ${literal(x)}`)
      .join(', ')} }`;
  }
  throw new Error(`cannot render ${String(v)} as a literal`);
}

const HEADER = [
  '// Generated by src/cdktf/codegen from the Terraform schema of the flashback provider. Do not edit.',
  '// Regenerate: npx tsc -p tsconfig.build.json && node dist/cdktf/codegen/generate.js',
  '',
];

function metadataLines(p: BindingPlan): string[] {
  const lines = [`  /** The attributes of \`${p.tfType}\` this binding was generated for. */`, '  static readonly attributes: readonly BindingAttribute[] = ['];
  const metaOf = (a: PlannedAttribute): BindingAttribute => ({ name: a.name, prop: a.prop, type: a.type, mode: a.mode, sensitive: a.sensitive, writeOnly: a.writeOnly, referenceOnly: a.referenceOnly, description: a.description });
  for (const a of p.attributes) lines.push(`    ${literal(metaOf(a))},`);
  lines.push('  ];');
  if (p.blocks.length > 0) {
    lines.push(`  /** The nested blocks of \`${p.tfType}\` this binding was generated for. */`, '  static readonly blocks: readonly BindingBlock[] = [');
    for (const b of p.blocks) {
      const meta: BindingBlock = { name: b.name, prop: b.prop, nesting: 'single', attributes: b.attributes.map(metaOf) };
      lines.push(`    ${literal(meta)},`);
    }
    lines.push('  ];');
  } else {
    lines.push('  static readonly blocks: readonly BindingBlock[] = [];');
  }
  return lines;
}

/** The struct interface of a nested block and its two converters, as `cdktf get` renders them. */
function blockStructLines(b: PlannedBlock): string[] {
  const lower = b.struct[0].toLowerCase() + b.struct.slice(1);
  const lines = [...doc(b.description, ''), `export interface ${b.struct} {`];
  for (const a of b.attributes) lines.push(...doc(a.description, '  '), `  readonly ${a.prop}?: ${inputType(a.type)};`);
  lines.push('}', '');
  lines.push(`/** \`${b.name}\` in Terraform JSON. */`, `export function ${lower}ToTerraform(struct?: ${b.struct} | cdktf.IResolvable): unknown {`);
  lines.push('  if (struct === undefined || cdktf.Tokenization.isResolvable(struct)) return struct;', '  return {');
  for (const a of b.attributes) lines.push(`    ${a.name}: cdktf.${mapperOf(a.type)}ToTerraform(struct.${a.prop}),`);
  lines.push('  };', '}', '');
  lines.push(`/** \`${b.name}\` for HCL output. */`, `export function ${lower}ToHclTerraform(struct?: ${b.struct} | cdktf.IResolvable): unknown {`);
  lines.push('  if (struct === undefined || cdktf.Tokenization.isResolvable(struct)) return struct;', '  const attrs = {');
  for (const a of b.attributes) {
    lines.push(`    ${a.name}: { value: cdktf.${mapperOf(a.type)}ToHclTerraform(struct.${a.prop}), isBlock: false, type: 'simple', storageClassType: ${q(storageClassOf(a.type))} },`);
  }
  lines.push('  };', '  return Object.fromEntries(Object.entries(attrs).filter(([, a]) => a.value !== undefined));', '}', '');
  return lines;
}

function blockAccessorLines(b: PlannedBlock): string[] {
  const t = `${b.struct} | cdktf.IResolvable`;
  const cap = b.prop[0].toUpperCase() + b.prop.slice(1);
  return [
    '',
    `  // ${b.name}: nested block (single)`,
    `  private _${b.prop}?: ${t};`,
    `  put${cap}(value: ${t}): void {`,
    `    this._${b.prop} = value;`,
    '  }',
    `  reset${cap}(): void {`,
    `    this._${b.prop} = undefined;`,
    '  }',
    '  /** The configured block, as given. */',
    `  get ${b.prop}Input(): ${t} | undefined {`,
    `    return this._${b.prop};`,
    '  }',
  ];
}

function synthLines(p: BindingPlan, inputs: readonly PlannedAttribute[]): string[] {
  const value = (a: PlannedAttribute, mapper: string) => {
    const v = `cdktf.${mapper}(this._${a.prop})`;
    return a.referenceOnly ? `referenceOnly(this, ${q(a.name)}, ${v})` : v;
  };
  const extra = p.kind === 'provider' ? [{ name: 'alias', prop: 'alias', type: 'string' as const }] : [];
  const lines = ['  protected override synthesizeAttributes(): Record<string, unknown> {', '    return {'];
  const lower = (s: string) => s[0].toLowerCase() + s.slice(1);
  for (const a of inputs) lines.push(`      ${a.name}: ${value(a, `${mapperOf(a.type)}ToTerraform`)},`);
  for (const b of p.blocks) lines.push(`      ${b.name}: ${lower(b.struct)}ToTerraform(this._${b.prop}),`);
  for (const a of extra) lines.push(`      ${a.name}: cdktf.stringToTerraform(this._${a.prop}),`);
  lines.push('    };', '  }', '');
  lines.push('  protected override synthesizeHclAttributes(): Record<string, unknown> {', '    const attrs = {');
  const hcl = (name: string, v: string, t: SchemaType) => [
    `      ${name}: {`,
    `        value: ${v},`,
    '        isBlock: false,',
    "        type: 'simple',",
    `        storageClassType: ${q(storageClassOf(t))},`,
    '      },',
  ];
  for (const a of inputs) lines.push(...hcl(a.name, value(a, `${mapperOf(a.type)}ToHclTerraform`), a.type));
  for (const b of p.blocks) {
    lines.push(`      ${b.name}: {`, `        value: ${lower(b.struct)}ToHclTerraform(this._${b.prop}),`, '        isBlock: true,', "        type: 'struct',", `        storageClassType: ${q(b.struct)},`, '      },');
  }
  for (const a of extra) lines.push(...hcl(a.name, `cdktf.stringToHclTerraform(this._${a.prop})`, a.type));
  lines.push('    };', '    // Unset attributes are left out, as in the bindings `cdktf get` generates.');
  lines.push('    return Object.fromEntries(Object.entries(attrs).filter(([, a]) => a.value !== undefined));', '  }');
  return lines;
}

function inputAccessorLines(a: PlannedAttribute, kind: BindingKind): string[] {
  const t = inputType(a.type);
  const lines = ['', `  // ${a.name}: ${a.mode}${a.sensitive ? ', sensitive' : ''}${a.writeOnly ? ', write-only' : ''}`, `  private _${a.prop}?: ${t};`];
  if (kind === 'provider') {
    lines.push(`  get ${a.prop}(): ${t} | undefined {`, `    return this._${a.prop};`, '  }', `  set ${a.prop}(value: ${t} | undefined) {`);
  } else if (a.writeOnly) {
    // Terraform never returns a write-only value: a reference to it would always be null.
    lines.push(`  set ${a.prop}(value: ${t}) {`);
  } else {
    const g = getterOf(a.type, a.name);
    lines.push(`  get ${a.prop}(): ${g.type} {`, `    return ${g.expr};`, '  }', `  set ${a.prop}(value: ${t}) {`);
  }
  lines.push(`    this._${a.prop} = value;`, '  }');
  if (a.mode !== 'required') lines.push(`  reset${a.prop[0].toUpperCase()}${a.prop.slice(1)}(): void {`, `    this._${a.prop} = undefined;`, '  }');
  lines.push('  /** The configured value, literal or token, as given. */', `  get ${a.prop}Input(): ${t} | undefined {`, `    return this._${a.prop};`, '  }');
  return lines;
}

function computedGetterLines(p: BindingPlan, a: PlannedAttribute): string[] {
  const lines = ['', ...doc(a.description, '  ')];
  const entry = listOfObject(a.type);
  if (entry) {
    const listClass = `${p.className}${pascal(a.name)}List`;
    lines.push(`  private readonly _${a.prop} = new ${listClass}(this, ${q(a.name)}, false);`, `  get ${a.prop}(): ${listClass} {`, `    return this._${a.prop};`, '  }');
    return lines;
  }
  const g = getterOf(a.type, a.name);
  lines.push(`  get ${a.prop}(): ${g.type} {`, `    return ${g.expr};`, '  }');
  return lines;
}

function listClassLines(p: BindingPlan, a: PlannedAttribute): string[] {
  const entry = listOfObject(a.type);
  if (!entry) return [];
  const ref = `${p.className}${pascal(a.name)}OutputReference`;
  const list = `${p.className}${pascal(a.name)}List`;
  const lines = [`/** One entry of \`${a.name}\`; each getter is a reference into it. */`, `export class ${ref} extends cdktf.ComplexObject {`];
  lines.push('  constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {');
  lines.push('    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);', '  }');
  for (const [name, t] of Object.entries(entry)) {
    const g = getterOf(t, name);
    lines.push('', `  get ${camel(name)}(): ${g.type} {`, `    return ${g.expr};`, '  }');
  }
  lines.push('}', '');
  lines.push(`/** \`${a.name}\`: a list of references; \`get(i)\` is entry i. */`, `export class ${list} extends cdktf.ComplexList {`);
  lines.push('  get(index: number): ' + ref + ' {', `    return new ${ref}(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);`, '  }', '}', '');
  return lines;
}

export interface RenderOptions {
  /** The provider version constraint written to `required_providers` (the cdktf CLI requires one), e.g. `~> 0.1`. */
  readonly versionConstraint: string;
}

function renderBinding(p: BindingPlan, options: RenderOptions): string {
  const inputs = p.attributes.filter((a) => a.mode !== 'computed');
  const computed = p.attributes.filter((a) => a.mode === 'computed');
  const configName = `${p.className}Config`;
  const base = p.kind === 'provider' ? 'cdktf.TerraformProvider' : p.kind === 'resource' ? 'cdktf.TerraformResource' : 'cdktf.TerraformDataSource';
  const what = p.kind === 'provider' ? `the \`${p.tfType}\` provider` : p.kind === 'resource' ? `the resource \`${p.tfType}\`` : `the data source \`${p.tfType}\``;
  const usesReferenceOnly = inputs.some((a) => a.referenceOnly);
  const supportImports = ['type BindingAttribute', 'type BindingBlock', 'type IntrospectableBinding', ...(p.kind === 'provider' ? [] : ['FLASHBACK_GENERATOR_METADATA']), 'initBinding', ...(usesReferenceOnly ? ['referenceOnly'] : [])];

  const out: string[] = [
    ...HEADER,
    "import type { Construct } from 'constructs';",
    "import * as cdktf from 'cdktf';",
    `import { ${supportImports.join(', ')} } from '../binding-support';`,
    "import { hasBrand } from '../brand';",
    '',
  ];

  // Config interface.
  out.push(...doc(`Configuration of ${what}. ${p.description}`, ''));
  out.push(`export interface ${configName}${p.kind === 'provider' ? '' : ' extends cdktf.TerraformMetaArguments'} {`);
  for (const a of inputs) {
    const flags = [a.sensitive ? 'Sensitive.' : '', a.referenceOnly ? 'Only a reference (a sensitive `TerraformVariable` or another token), never a literal: a literal would be written to the synthesized JSON.' : ''].filter(Boolean).join(' ');
    out.push(...doc(`${a.description} ${flags}`.trim(), '  '), `  readonly ${a.prop}${a.mode === 'required' ? '' : '?'}: ${inputType(a.type)};`);
  }
  for (const b of p.blocks) out.push(...doc(b.description, '  '), `  readonly ${b.prop}?: ${b.struct} | cdktf.IResolvable;`);
  if (p.kind === 'provider') out.push(...doc('An alias, to configure several instances of the provider (pass it as `provider` to the resources that use it).', '  '), '  readonly alias?: string;');
  out.push('}', '');
  for (const b of p.blocks) out.push(...blockStructLines(b));

  for (const a of computed) out.push(...listClassLines(p, a));

  // Class.
  out.push(...doc(`${p.description} Binding of ${what}.`, ''));
  out.push(`export class ${p.className} extends ${base} implements IntrospectableBinding {`);
  out.push(`  static readonly tfResourceType = ${q(p.tfType)};`);
  out.push(...metadataLines(p), '');
  out.push(`  /** True for any ${p.className}, also one from another copy of this package (brand check, not \`instanceof\`). */`);
  out.push(`  static is${p.className}(x: unknown): x is ${p.className} {`, `    return hasBrand(x, ${q(p.className)});`, '  }', '');
  const configArg = p.kind === 'provider' || inputs.every((a) => a.mode !== 'required') ? `config: ${configName} = {}` : `config: ${configName}`;
  out.push(`  constructor(scope: Construct, id: string, ${configArg}) {`);
  if (p.kind === 'provider') {
    out.push('    super(scope, id, {', `      terraformResourceType: ${q(p.tfType)},`, `      terraformGeneratorMetadata: { providerName: ${q(PROVIDER_NAME)}, providerVersionConstraint: ${q(options.versionConstraint)} },`, `      terraformProviderSource: ${q(PROVIDER_SOURCE)},`, '    });');
  } else {
    out.push('    super(scope, id, {', `      terraformResourceType: ${q(p.tfType)},`, '      terraformGeneratorMetadata: FLASHBACK_GENERATOR_METADATA,');
    out.push('      provider: config.provider,', '      dependsOn: config.dependsOn,', '      count: config.count,', '      lifecycle: config.lifecycle,', '      provisioners: config.provisioners,', '      connection: config.connection,', '      forEach: config.forEach,', '    });');
  }
  for (const a of inputs) out.push(`    this._${a.prop} = config.${a.prop};`);
  for (const b of p.blocks) out.push(`    this._${b.prop} = config.${b.prop};`);
  if (p.kind === 'provider') out.push('    this._alias = config.alias;');
  out.push(`    initBinding(this, ${q(p.className)}, ${p.className}.attributes);`, '  }');

  if (p.kind === 'provider') {
    out.push('', '  private _alias?: string;', '  override get alias(): string | undefined {', '    return this._alias;', '  }', '  override set alias(value: string | undefined) {', '    this._alias = value;', '  }');
  }
  for (const a of inputs) out.push(...inputAccessorLines(a, p.kind));
  for (const b of p.blocks) out.push(...blockAccessorLines(b));
  for (const a of computed) out.push(...computedGetterLines(p, a));

  out.push('', '  configuredInputs(): Readonly<Record<string, unknown>> {', '    return {');
  for (const a of inputs) out.push(`      ${a.name}: this._${a.prop},`);
  out.push('    };', '  }', '');
  out.push('  attributeLabel(name: string): string {', `    return ${p.className}.attributes.find((a) => a.name === name)?.prop ?? name;`, '  }', '');
  out.push(...synthLines(p, inputs));
  out.push('}', '');
  return out.join('\n');
}

function renderIndex(all: readonly BindingPlan[]): string {
  return [...HEADER, ...all.map((p) => `export * from './${p.fileName}';`), ''].join('\n');
}

/** The binding files for a provider schema document (paths relative to src/cdktf/bindings). */
export function renderBindings(doc: ProvidersSchemaDocument, options: RenderOptions): RenderedFile[] {
  const all = plans(doc);
  return [...all.map((p) => ({ path: `${p.fileName}.ts`, text: renderBinding(p, options) })), { path: 'index.ts', text: renderIndex(all) }];
}
