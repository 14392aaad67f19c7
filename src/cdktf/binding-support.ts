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

/** Called by every binding's constructor: brand, and validations that run at synth. */
export function initBinding(binding: IntrospectableBinding, className: string, attributes: readonly BindingAttribute[]): void {
  brand(binding, className);
  binding.node.addValidation({ validate: () => validateBinding(binding, attributes) });
}

/**
 * The last line of defence behind the validation (which `skipValidation` turns off): a literal
 * secret is never written out, whatever the app's settings.
 */
export function referenceOnly<T>(binding: IntrospectableBinding, name: string, value: T): T {
  if (typeof value === 'string' && hasLiteralPart(value)) throw new Error(literalSecret(binding, binding.attributeLabel(name)));
  return value;
}
