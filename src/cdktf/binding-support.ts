/**
 * What the generated bindings (./bindings) share: the attribute metadata each class carries, the
 * provider metadata, brands, and the guards and validations they install. Hand-written; the
 * generator only emits calls to it.
 */
import type { Construct } from 'constructs';
import type { SchemaType } from './codegen/schema-document';
import { brand } from './brand';
import { literalSecret } from './errors';
import { hasLiteralPart, validateBinding } from './validation';

/** How an attribute is set: by the user (`required` / `optional`), by Terraform (`computed`), or either. */
export type AttributeMode = 'required' | 'optional' | 'optional_computed' | 'computed';

/** One attribute of a binding, as the binding was generated (the schema test compares it with the provider's). */
export interface BindingAttribute {
  /** snake_case, as in Terraform. */
  readonly name: string;
  /** camelCase, as in the config interface and the getters. */
  readonly prop: string;
  readonly type: SchemaType;
  readonly mode: AttributeMode;
  readonly sensitive: boolean;
  readonly writeOnly: boolean;
  /**
   * A secret that must come from a reference (a sensitive variable or another token), never a
   * literal, so the synthesized JSON never holds it.
   */
  readonly referenceOnly: boolean;
  /** The provider schema's description, which the JSDoc of the property also carries. */
  readonly description: string;
}

/** A nested block of a binding (the resources' `timeouts`): a single block of optional scalars. */
export interface BindingBlock {
  readonly name: string;
  readonly prop: string;
  readonly nesting: 'single';
  readonly attributes: readonly BindingAttribute[];
}

/**
 * What validations read from a binding: its type, its configured inputs and how to name an
 * attribute in a message (the high-level construct names `secret_wo` "secret").
 */
export interface IntrospectableBinding extends Construct {
  readonly terraformResourceType: string;
  /** The configured inputs by Terraform name, as given (literal values or tokens). */
  configuredInputs(): Readonly<Record<string, unknown>>;
  /** How messages name an attribute: the camelCase property the user set. */
  attributeLabel(name: string): string;
}

/** Everything `terraformGeneratorMetadata` says about our provider. */
export const FLASHBACK_GENERATOR_METADATA = { providerName: 'flashback' } as const;

/**
 * Set by `cdktf synth` (and deploy, diff) when it runs the app: the CLI then reads error
 * annotations from the manifest and prints each with its construct path, and fails the command,
 * instead of the app dying on the first thrown error with a Node.js stack trace.
 */
const CLI_PRINTS_ANNOTATIONS = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';
/** cdktf's metadata type for an error annotation (`Annotations.addError`, shared with cdktn). */
const ERROR_ANNOTATION = '@cdktf/error';

const underCli = (): boolean => process.env[CLI_PRINTS_ANNOTATIONS] !== undefined;

/** Whether this binding's app runs its validations at synth (`skipValidation` not set). */
function validationRuns(binding: IntrospectableBinding): boolean {
  return (binding.node.root as { readonly skipValidation?: boolean }).skipValidation !== true;
}

/** Called by every binding's constructor: brand, and validations that run at synth. */
export function initBinding(binding: IntrospectableBinding, className: string, attributes: readonly BindingAttribute[]): void {
  brand(binding, className);
  binding.node.addValidation({ validate: () => reportIssues(binding, validateBinding(binding, attributes)) });
}

/**
 * Under the CLI every issue becomes an error annotation without a stack trace (the CLI prints
 * them all, each with the construct's path); elsewhere (Testing.synth, a bare app.synth()) they
 * are returned as validation errors, which cdktf throws together.
 */
function reportIssues(binding: IntrospectableBinding, issues: string[]): string[] {
  if (issues.length === 0 || !underCli()) return issues;
  for (const issue of issues) binding.node.addMetadata(ERROR_ANNOTATION, issue, { stackTrace: false });
  return [];
}

/**
 * The last line of defence behind the validation (which `skipValidation` turns off): a literal
 * secret is never written out, whatever the app's settings. cdktf renders every resource once
 * before it validates; under the CLI, with validations on, the literal is left out of that
 * rendering instead of thrown, so the validation reports it together with every other problem
 * (and the synth fails on it) rather than the render stopping at the first one.
 */
export function referenceOnly<T>(binding: IntrospectableBinding, name: string, value: T): T | undefined {
  if (typeof value !== 'string' || !hasLiteralPart(value)) return value;
  if (underCli() && validationRuns(binding)) return undefined;
  throw new Error(literalSecret(binding, binding.attributeLabel(name)));
}
