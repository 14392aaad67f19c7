/**
 * Checks a schema once, at registration, for mistakes Terraform would otherwise report late and
 * obscurely (or not at all). Problems become start-up diagnostics: GetProviderSchema returns
 * them, so every Terraform command shows them until the schema is fixed.
 */
import type { AttributePath } from '../codec/path';
import { errorDiagnostic, type Diagnostic } from './diagnostics';
import type { AttributeSpec, BlockSpec } from './schema';

export type SchemaOwner = 'provider' | 'resource' | 'data source' | 'list resource';

/** Names Terraform reserves as meta-arguments at the top of a block. */
const RESERVED_ROOT_NAMES: Record<SchemaOwner, readonly string[]> = {
  provider: ['alias', 'version'],
  resource: ['connection', 'count', 'depends_on', 'for_each', 'lifecycle', 'provider', 'provisioner'],
  'data source': ['count', 'depends_on', 'for_each', 'lifecycle', 'provider'],
  // A list resource's schema is the inside of its `config { }` block: no meta-arguments there.
  'list resource': [],
};

const NAME = /^[a-z_][a-z0-9_]*$/;

export function checkTypeName(typeName: string, providerTypeName: string): Diagnostic[] {
  const prefix = `${providerTypeName}_`;
  return typeName.startsWith(prefix) && NAME.test(typeName)
    ? []
    : [errorDiagnostic('Invalid type name', `"${typeName}" must be lower-case and start with "${prefix}".`)];
}

export function checkBlock(owner: SchemaOwner, where: string, spec: BlockSpec): Diagnostic[] {
  return checkBlockAt(owner, where, spec, [], false);
}

function checkBlockAt(
  owner: SchemaOwner,
  where: string,
  spec: BlockSpec,
  path: AttributePath,
  insideSet: boolean,
): Diagnostic[] {
  const found: Diagnostic[] = [];
  const problem = (name: string, text: string): void => {
    const at = [...path.map((step) => ('attribute' in step ? step.attribute : '')), name].filter(Boolean).join('.');
    found.push(errorDiagnostic('Invalid provider schema', `${where}, "${at}": ${text}. This is a bug in the provider.`));
  };
  const reserved = path.length === 0 ? RESERVED_ROOT_NAMES[owner] : [];
  for (const name of [...Object.keys(spec.attributes), ...Object.keys(spec.blocks)]) {
    if (!NAME.test(name)) problem(name, 'names must be lower-case letters, digits and underscores');
    if (reserved.includes(name)) problem(name, `"${name}" is a Terraform meta-argument and cannot be an attribute`);
    if (Object.hasOwn(spec.attributes, name) && Object.hasOwn(spec.blocks, name)) {
      problem(name, 'an attribute and a nested block share this name');
    }
  }
  for (const [name, attributeSpec] of Object.entries(spec.attributes)) {
    for (const text of attributeProblems(owner, attributeSpec, insideSet)) problem(name, text);
  }
  for (const [name, nestedSpec] of Object.entries(spec.blocks)) {
    found.push(
      ...checkBlockAt(
        owner,
        where,
        nestedSpec.block,
        [...path, { attribute: name }],
        insideSet || nestedSpec.nesting === 'set',
      ),
    );
  }
  return found;
}

function attributeProblems(owner: SchemaOwner, spec: AttributeSpec, insideSet: boolean): string[] {
  const problems: string[] = [];
  if (spec.description.trim() === '') problems.push('every attribute needs a description');
  if (spec.required && (spec.optional || spec.computed)) problems.push('required excludes optional and computed');
  if (!spec.required && !spec.optional && !spec.computed) problems.push('set one of required, optional or computed');
  if (spec.writeOnly) {
    if (owner !== 'resource') problems.push('write-only attributes exist only in managed resources');
    if (spec.computed) problems.push('a write-only attribute cannot be computed');
    if (insideSet) problems.push('a write-only attribute cannot sit inside a set');
    if (spec.planModifiers.length > 0) problems.push('a write-only attribute never reaches the plan, so plan modifiers cannot apply');
  }
  return problems;
}
