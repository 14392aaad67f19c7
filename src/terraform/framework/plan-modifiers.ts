/**
 * Attribute plan modifiers: declarative plan rules that run in PlanResourceChange after the
 * adapter has marked computed attributes unknown, in the order listed on the attribute.
 * Semantics follow terraform-plugin-framework's modifiers of the same names.
 */
import type { AttributePath } from '../codec/path';
import { Unknown, type AnyValue } from '../codec/value';
import type { Diagnostics } from './diagnostics';
import type { ProviderDefaults } from './resource';

export interface PlanModifierRequest {
  readonly path: AttributePath;
  /** The attribute in configuration (null when unset, Unknown when not known yet). */
  readonly config: AnyValue;
  /** The attribute in prior state; null on create. */
  readonly state: AnyValue;
  /** The attribute as planned so far. */
  readonly plan: AnyValue;
  /** Whether the whole resource is being created (no prior state). */
  readonly creating: boolean;
  /** Whether planned and prior values differ, judged with the attribute's type (sets ignore order). */
  readonly changed: boolean;
  /** What the configured provider offers attributes as defaults (`planDefaults`); null before it is configured. */
  readonly providerDefaults: ProviderDefaults | null;
}

export interface PlanModifierResult {
  /** The new planned value; omit to keep it. */
  readonly plan?: AnyValue;
  readonly requiresReplace?: boolean;
}

export interface PlanModifier {
  /** Markdown, for generated documentation. */
  readonly description: string;
  modify(request: PlanModifierRequest, diagnostics: Diagnostics): PlanModifierResult;
}

/** A change of this attribute on an existing resource destroys and re-creates it. */
export function requiresReplace(): PlanModifier {
  return {
    description: 'Changing this value replaces the resource.',
    modify: ({ creating, changed }) => ({ requiresReplace: !creating && changed }),
  };
}

/**
 * Keep the prior value instead of "(known after apply)" when the attribute is computed and the
 * update cannot change it (ids, creation timestamps).
 */
export function useStateForUnknown(): PlanModifier {
  return {
    description: 'Keeps its value across updates.',
    modify: ({ state, plan, config }) =>
      state !== null && plan === Unknown && config !== Unknown ? { plan: state } : {},
  };
}
