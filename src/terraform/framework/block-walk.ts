/**
 * Walks a block's value alongside its schema, for the rules the adapter applies on every request:
 * null write-only attributes, mark computed attributes unknown, run plan modifiers and
 * validators. Nested block elements are paired with their counterparts in other values (config,
 * prior state) by list index or map key; set elements have no stable address, so they are paired
 * by position, which is exact for creates and a best effort otherwise.
 */
import { childPath, type AttributePath } from '../codec/path';
import { Unknown, getOwn, isObjectValue, valuesEqual, type AnyObject, type AnyValue } from '../codec/value';
import type { Diagnostic, Diagnostics } from './diagnostics';
import type { ProviderDefaults } from './resource';
import type { AttributeSpec, BlockSpec, NestedBlockSpec } from './schema';

/** One block object and its counterparts in other values at the same place. */
interface Counterparts {
  readonly config: AnyValue;
  readonly prior: AnyValue;
}

type AttributeRewrite = (
  name: string,
  spec: AttributeSpec,
  value: AnyValue,
  counterparts: Counterparts,
  path: AttributePath,
) => AnyValue;

/**
 * Rebuilds `value` (an object of `spec`, or null/unknown which stay as they are) with each
 * attribute passed through `rewrite`, recursing into nested blocks.
 */
export function rewriteBlock(
  spec: BlockSpec,
  value: AnyValue,
  counterparts: Counterparts,
  path: AttributePath,
  rewrite: AttributeRewrite,
): AnyValue {
  if (!isObjectValue(value)) return value;
  const entries: Array<[string, AnyValue]> = [];
  for (const [name, attributeSpec] of Object.entries(spec.attributes)) {
    const rewritten = rewrite(
      name,
      attributeSpec,
      getOwn(value, name),
      { config: member(counterparts.config, name), prior: member(counterparts.prior, name) },
      childPath(path, { attribute: name }),
    );
    entries.push([name, rewritten]);
  }
  for (const [name, nestedSpec] of Object.entries(spec.blocks)) {
    const rewritten = rewriteNested(
      nestedSpec,
      getOwn(value, name),
      { config: member(counterparts.config, name), prior: member(counterparts.prior, name) },
      childPath(path, { attribute: name }),
      rewrite,
    );
    entries.push([name, rewritten]);
  }
  return Object.fromEntries(entries) as AnyObject;
}

function rewriteNested(
  spec: NestedBlockSpec,
  value: AnyValue,
  counterparts: Counterparts,
  path: AttributePath,
  rewrite: AttributeRewrite,
): AnyValue {
  if (value === null || value === Unknown) return value;
  switch (spec.nesting) {
    case 'single':
    case 'group':
      return rewriteBlock(spec.block, value, counterparts, path, rewrite);
    case 'list':
    case 'set':
      if (!Array.isArray(value)) return value;
      return (value as readonly AnyValue[]).map((element, index) =>
        rewriteBlock(
          spec.block,
          element,
          { config: elementAt(counterparts.config, index), prior: elementAt(counterparts.prior, index) },
          spec.nesting === 'list' ? childPath(path, { index }) : path,
          rewrite,
        ),
      );
    case 'map':
      if (!isObjectValue(value)) return value;
      return Object.fromEntries(
        Object.keys(value).map((key) => [
          key,
          rewriteBlock(
            spec.block,
            value[key],
            { config: member(counterparts.config, key), prior: member(counterparts.prior, key) },
            childPath(path, { key }),
            rewrite,
          ),
        ]),
      ) as AnyObject;
  }
}

function member(value: AnyValue, name: string): AnyValue {
  return isObjectValue(value) ? getOwn(value, name) : value === Unknown ? Unknown : null;
}

function elementAt(value: AnyValue, index: number): AnyValue {
  if (value === Unknown) return Unknown;
  return Array.isArray(value) && index < value.length ? (value as readonly AnyValue[])[index] : null;
}

const NO_COUNTERPARTS: Counterparts = { config: null, prior: null };

/** Write-only attributes set to null: required in every plan and state Terraform receives. */
export function nullWriteOnly(spec: BlockSpec, value: AnyValue): AnyValue {
  return rewriteBlock(spec, value, NO_COUNTERPARTS, [], (_name, attributeSpec, attributeValue) =>
    attributeSpec.writeOnly ? null : attributeValue,
  );
}

/** Computed attributes the configuration leaves null become unknown ("known after apply"). */
export function markComputedUnknown(spec: BlockSpec, plan: AnyValue, config: AnyValue): AnyValue {
  return rewriteBlock(spec, plan, { config, prior: null }, [], (_name, attributeSpec, planned, counterparts) =>
    attributeSpec.computed && !attributeSpec.writeOnly && counterparts.config === null ? Unknown : planned,
  );
}

export interface ModifiedPlan {
  readonly plan: AnyValue;
  readonly requiresReplace: readonly AttributePath[];
}

/** Runs every attribute's plan modifiers, collecting the paths whose change forces replacement. */
export function applyPlanModifiers(
  spec: BlockSpec,
  values: { readonly plan: AnyValue; readonly config: AnyValue; readonly prior: AnyValue },
  diagnostics: Diagnostics,
  providerDefaults: ProviderDefaults | null = null,
): ModifiedPlan {
  const creating = values.prior === null;
  const requiresReplace: AttributePath[] = [];
  const plan = rewriteBlock(
    spec,
    values.plan,
    { config: values.config, prior: values.prior },
    [],
    (_name, attributeSpec, planned, counterparts, path) => {
      let current = planned;
      for (const modifier of attributeSpec.planModifiers) {
        const result = modifier.modify(
          {
            path,
            config: counterparts.config,
            state: counterparts.prior,
            plan: current,
            creating,
            changed: !valuesEqual(current, counterparts.prior, attributeSpec.type),
            providerDefaults,
          },
          diagnostics,
        );
        if (result.plan !== undefined) current = result.plan;
        if (result.requiresReplace === true) requiresReplace.push(path);
      }
      return current;
    },
  );
  return { plan, requiresReplace };
}

/** Runs attribute validators on every known, non-null value in `config`. */
export function validateAttributes(spec: BlockSpec, config: AnyValue): Diagnostic[] {
  const found: Diagnostic[] = [];
  rewriteBlock(spec, config, NO_COUNTERPARTS, [], (_name, attributeSpec, value, _counterparts, path) => {
    if (value !== null && value !== Unknown) {
      for (const validator of attributeSpec.validators) found.push(...validator.validate(value as never, path));
    }
    return value;
  });
  return found;
}

/** Paths of write-only attributes that the configuration sets (to a value or an unknown). */
export function writeOnlyPathsSet(spec: BlockSpec, config: AnyValue): AttributePath[] {
  const found: AttributePath[] = [];
  rewriteBlock(spec, config, NO_COUNTERPARTS, [], (_name, attributeSpec, value, _counterparts, path) => {
    if (attributeSpec.writeOnly && value !== null) found.push(path);
    return value;
  });
  return found;
}
