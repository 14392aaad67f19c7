/** What resource, data source and provider code imports: schema builders, models, contexts, diagnostics. */
export { t, type CtyType } from '../codec/cty-type';
export { pathOf, formatPath, type AttributePath, type PathStep } from '../codec/path';
export { Unknown, isKnown, isNull, isUnknown, isWhollyKnown, type Value, type ValueOf, type AnyValue } from '../codec/value';
export type { JsonTree } from '../codec/json';
export { JsonNumber } from '../codec/json';
export * from './diagnostics';
export * from './schema';
export * from './resource';
export * from './identity';
export * from './list-resource';
export * from './validators';
export { requiresReplace, useStateForUnknown, type PlanModifier, type PlanModifierRequest, type PlanModifierResult } from './plan-modifiers';
export { PrivateState, type JsonValue } from './private-state';
export { TfProvider, defineProvider } from './provider';
export { ProtocolAdapter } from './protocol-adapter';
