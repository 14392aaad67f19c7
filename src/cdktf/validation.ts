/**
 * Synth-time validations of the bindings: what can be known before Terraform runs.
 * - secrets only as references (no literal, no non-sensitive or defaulted variable, no literal local);
 * - exactly one form of a secret (`X` or `X_wo`);
 * - core's field checks on the values that are literals (tokens are unknown until Terraform runs);
 * - a workspace for every object (its own `workspace_id` or its provider's);
 * - a bucket or AI model in the workspace of the key it uses.
 *
 * Everything here finds constructs by brand and duck typing, never `instanceof`, so it also
 * works in a cdktn app.
 */
import type { IConstruct } from 'constructs';
import { DefaultTokenResolver, StringConcat, Token, Tokenization } from 'cdktf';
import { type ResourceModel, type Values, checkInputs, inputFields, resolveWorkspace, resourceModels } from '../core';
import type { BindingAttribute, IntrospectableBinding } from './binding-support';
import { hasBrand } from './brand';
import * as errors from './errors';
import { secretFormProblems, secretFormsOf } from '../terraform/resources/secret-forms';

/** True when a string is, or contains, literal text (it is not one or more references only). */
export function hasLiteralPart(value: string): boolean {
  if (!Token.isUnresolved(value)) return true;
  return Tokenization.reverseString(value).literals.length > 0;
}

/** The Terraform expression a token stands for (`${var.x}`), or undefined when it cannot be resolved here. */
export function resolveExpression(scope: IConstruct, value: unknown): unknown {
  try {
    return Tokenization.resolve(value, { scope, resolver: new DefaultTokenResolver(new StringConcat()), preparing: false });
  } catch {
    return undefined;
  }
}

/** Brands cdktf and cdktn both set (`Symbol.for`), so these checks work with either library. */
const ELEMENT = Symbol.for('cdktf/TerraformElement');
const STACK = Symbol.for('cdktf/TerraformStack');
const branded = (node: IConstruct, symbol: symbol): boolean => (node as unknown as Record<symbol, unknown>)[symbol] === true;

/** The stack's root: the nearest ancestor that is a stack (brand shared by cdktf and cdktn), else the root. */
function stackOf(c: IConstruct): IConstruct {
  for (const s of [...c.node.scopes].reverse()) if (branded(s, STACK)) return s;
  return c.node.root;
}

/** What an element writes for itself into the Terraform JSON, for reading variables and locals. */
function terraformOf(node: IConstruct): Record<string, unknown> | undefined {
  const candidate = node as unknown as { toTerraform?: () => unknown };
  if (typeof candidate.toTerraform !== 'function') return undefined;
  try {
    const tf = candidate.toTerraform();
    return typeof tf === 'object' && tf !== null ? (tf as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The value of a variable or local as its element writes it (the stack itself, which writes everything resolved, is skipped). */
function findBlock(stack: IConstruct, section: 'variable' | 'locals', name: string): { found: boolean; value: unknown } {
  for (const node of stack.node.findAll()) {
    if (!branded(node, ELEMENT) || branded(node, STACK)) continue;
    const tf = terraformOf(node);
    const entries = tf?.[section];
    if (typeof entries === 'object' && entries !== null && name in entries) return { found: true, value: (entries as Record<string, unknown>)[name] };
  }
  return { found: false, value: undefined };
}

/** A string made only of `${...}` interpolations: a Terraform expression, no literal text. */
const isExpressionOnly = (s: string): boolean => s.startsWith('${') && s.replace(/\$\{[^{}]*\}/g, '') === '';

/** Issues with a secret's value: only a reference to something that does not itself put the secret in the JSON. */
export function secretIssues(scope: IConstruct, label: string, value: unknown, depth = 0): string[] {
  if (value === undefined || value === null) return [];
  let expr: unknown = value;
  if (Tokenization.isResolvable(value)) {
    // An IResolvable object (e.g. `variable.value`) rather than a string token.
    expr = resolveExpression(scope, value);
    if (expr === undefined) return [];
  } else if (typeof value !== 'string') {
    return [errors.literalSecretValidation(label)];
  } else if (Token.isUnresolved(value)) {
    if (hasLiteralPart(value)) return [errors.literalSecretValidation(label)];
    expr = resolveExpression(scope, value);
    if (typeof expr !== 'string') return [];
  }
  // A token that produces a literal (a Lazy value, say) is as bad as the literal itself.
  if (typeof expr !== 'string' || !isExpressionOnly(expr)) return [errors.literalSecretValidation(label)];
  const stack = stackOf(scope);
  const variable = /^\$\{var\.([A-Za-z_][\w-]*)\}$/.exec(expr);
  if (variable) {
    const v = findBlock(stack, 'variable', variable[1]);
    if (!v.found || typeof v.value !== 'object' || v.value === null) return [];
    const spec = v.value as { sensitive?: unknown; default?: unknown };
    const issues: string[] = [];
    if (spec.sensitive !== true) issues.push(errors.secretVariableNotSensitive(label, variable[1]));
    if (spec.default !== undefined) issues.push(errors.secretVariableHasDefault(label, variable[1]));
    return issues;
  }
  const local = /^\$\{local\.([A-Za-z_][\w-]*)\}$/.exec(expr);
  if (local && depth < 8) {
    const l = findBlock(stack, 'locals', local[1]);
    if (!l.found) return [];
    const issues = secretIssues(scope, label, l.value, depth + 1);
    return issues.some((m) => m === errors.literalSecretValidation(label)) ? [errors.secretLocalIsLiteral(label, local[1])] : issues;
  }
  // Other references (resources, data sources, functions) are trusted.
  return [];
}

const isToken = (v: unknown): boolean => (typeof v === 'string' || typeof v === 'number') && Token.isUnresolved(v);

/** A workspace as far as synth can tell: a literal, a token (known when Terraform runs), or missing and why. */
export type WorkspaceAtSynth = { kind: 'literal'; value: string } | { kind: 'token' } | { kind: 'missing'; reason: string };

function workspaceValue(v: unknown): WorkspaceAtSynth | undefined {
  if (v === undefined || v === null) return undefined;
  if (isToken(v)) return { kind: 'token' };
  return { kind: 'literal', value: String(v) };
}

interface ProviderLike extends IConstruct {
  readonly alias?: string;
  configuredInputs(): Readonly<Record<string, unknown>>;
}

/** The FlashbackProvider a binding uses: its `provider`, else the stack's default (un-aliased) one. */
export function providerOf(binding: IConstruct & { provider?: unknown }): { provider?: ProviderLike; problem?: 'not-flashback' | 'none' } {
  if (binding.provider !== undefined) {
    return hasBrand(binding.provider, 'FlashbackProvider') ? { provider: binding.provider as ProviderLike } : { problem: 'not-flashback' };
  }
  const found = stackOf(binding)
    .node.findAll()
    .filter((n): n is ProviderLike => hasBrand(n, 'FlashbackProvider') && (n as ProviderLike).alias === undefined);
  return found.length > 0 ? { provider: found[0] } : { problem: 'none' };
}

/** Where a binding's workspace comes from at synth. */
export function workspaceOf(binding: IntrospectableBinding & { provider?: unknown }): WorkspaceAtSynth {
  let missing = '';
  const ws = resolveWorkspace(workspaceValue(binding.configuredInputs().workspace_id), () => {
    const { provider, problem } = providerOf(binding);
    if (!provider) missing = problem === 'none' ? 'the stack has no FlashbackProvider' : 'its provider is not a FlashbackProvider';
    else missing = `its FlashbackProvider (${provider.node.path}) has no workspaceId either`;
    return provider && workspaceValue(provider.configuredInputs().workspace_id);
  });
  return ws ?? { kind: 'missing', reason: missing };
}

const modelOf = (tfType: string): ResourceModel | undefined => resourceModels.find((m) => `flashback_${m.kind}` === tfType);

const describe = (b: IntrospectableBinding): string => `${b.terraformResourceType} "${b.node.id}"`;

function coreIssues(binding: IntrospectableBinding, model: ResourceModel, inputs: Readonly<Record<string, unknown>>): string[] {
  const values: Values = {};
  const unknown = new Set<string>();
  const issues: string[] = [];
  for (const f of inputFields(model)) {
    if (f.writeOnly) {
      const s = secretFormsOf(f);
      const label = (n: string) => binding.attributeLabel(n);
      for (const problem of secretFormProblems(s, (name) => inputs[name] !== undefined)) {
        if (problem === 'both-forms') issues.push(errors.secretBothForms(label(s.stored), label(s.writeOnly)));
        else if (problem === 'no-form') issues.push(errors.secretMissing(label(s.stored), label(s.writeOnly), label(s.version)));
        else issues.push(errors.secretVersionMissing(label(s.writeOnly), label(s.version)));
      }
      // Secret values are checked for being references, never inspected further.
      unknown.add(f.prop);
      continue;
    }
    const v = inputs[f.name];
    if (v === undefined || v === null) continue;
    if (isToken(v)) unknown.add(f.prop);
    else if (typeof v === 'string' || typeof v === 'number') values[f.prop] = v;
  }
  for (const issue of checkInputs(model, values, { unknown })) {
    const field = model.fields.find((f) => f.prop === issue.prop);
    issues.push(errors.invalidValue(binding.attributeLabel(field?.name ?? issue.prop), issue.message));
  }
  return issues;
}

function workspaceIssues(binding: IntrospectableBinding & { provider?: unknown }, attributes: readonly BindingAttribute[]): string[] {
  // The provider's own workspace_id is the default, not something that needs one.
  if (hasBrand(binding, 'FlashbackProvider') || !attributes.some((a) => a.name === 'workspace_id')) return [];
  const issues: string[] = [];
  if (binding.provider !== undefined && !hasBrand(binding.provider, 'FlashbackProvider')) issues.push(errors.notFlashbackProvider(describe(binding)));
  const ws = workspaceOf(binding);
  if (ws.kind === 'missing') issues.push(errors.missingWorkspace(describe(binding), ws.reason));
  if (ws.kind !== 'literal' || !attributes.some((a) => a.name === 'provider_api_key_id')) return issues;
  // A consumer: its key must be in the same workspace, when both are known at synth.
  const keyRef = resolveExpression(binding, binding.configuredInputs().provider_api_key_id);
  const m = typeof keyRef === 'string' ? /^\$\{flashback_provider_api_key\.([\w-]+)\.id\}$/.exec(keyRef) : null;
  if (!m) return issues;
  const key = stackOf(binding)
    .node.findAll()
    .find((n) => hasBrand(n, 'ProviderApiKeyResource') && (n as unknown as { friendlyUniqueId: string }).friendlyUniqueId === m[1]);
  if (!key) return issues;
  const keyWs = workspaceOf(key as unknown as IntrospectableBinding);
  if (keyWs.kind === 'literal' && keyWs.value !== ws.value) issues.push(errors.workspaceMismatch(describe(binding), ws.value, key.node.path, keyWs.value));
  return issues;
}

/** Every synth-time issue of one binding; cdktf reports them with the construct's path. */
export function validateBinding(binding: IntrospectableBinding & { provider?: unknown }, attributes: readonly BindingAttribute[]): string[] {
  const inputs = binding.configuredInputs();
  const issues: string[] = [];
  for (const a of attributes) if (a.referenceOnly) issues.push(...secretIssues(binding, binding.attributeLabel(a.name), inputs[a.name]));
  const model = modelOf(binding.terraformResourceType);
  if (model) issues.push(...coreIssues(binding, model, inputs));
  issues.push(...workspaceIssues(binding, attributes));
  return issues;
}
