/**
 * One generic Terraform resource over a core model: the schema, validation, plan, CRUD and
 * import of `flashback_provider_api_key`, `flashback_storage_bucket` and `flashback_ai_llm`
 * all derive from the core field lists, so a rule written in src/core holds here unchanged.
 * Terraform-only parts: the secret's three forms (`secret_wo` + `secret_wo_version` for
 * Terraform 1.11+, `secret` for older engines) and `deletion_protection`.
 */
import { ApiError } from '../../client/errors';
import {
  KeyInUseConflictError,
  checkInputs,
  conflictMessage,
  conflictingDependents,
  diffInputs,
  findDependents,
  parseImportId,
  type FieldSpec,
  type ResourceModel,
  type Values,
} from '../../core';
import {
  Unknown,
  attr,
  block,
  pathOf,
  requiresReplace,
  useStateForUnknown,
  type AnyValue,
  type AttributeSpec,
  type Diagnostics,
  type OperationContext,
  type PlanAdjustment,
  type RegisteredResource,
  type TypeSchema,
  type ValidateContext,
} from '../framework';
import type { AnyObject } from '../codec/value';
import type { FlashbackProviderData } from './provider-data';

type Ctx = OperationContext<FlashbackProviderData>;

const STABLE_COMPUTED = new Set(['id', 'created_at']);
const WO = (f: FieldSpec) => `${f.name}_wo`;
const WO_VERSION = (f: FieldSpec) => `${f.name}_wo_version`;

function attributeFor(f: FieldSpec): AttributeSpec {
  const base = { description: f.description, sensitive: f.sensitive ?? false };
  if (f.kind === 'computed') {
    const planModifiers = STABLE_COMPUTED.has(f.name) ? [useStateForUnknown()] : [];
    return f.type === 'number' ? attr.number({ ...base, computed: true, planModifiers }) : attr.string({ ...base, computed: true, planModifiers });
  }
  const planModifiers = f.replaceOnChange ? [requiresReplace()] : [];
  const mode = f.defaultsToProviderWorkspace ? { optional: true, computed: true } : f.required ? { required: true } : { optional: true };
  return f.type === 'number' ? attr.number({ ...base, ...mode, planModifiers }) : attr.string({ ...base, ...mode, planModifiers });
}

function schemaFor(model: ResourceModel, withProtection: boolean): TypeSchema {
  const attributes: Record<string, AttributeSpec> = {};
  for (const f of model.fields) {
    if (f.writeOnly) {
      attributes[f.name] = attr.string({ description: `${f.description} Stored in state (sensitive); for Terraform before 1.11. Prefer \`${WO(f)}\`. Exactly one of \`${f.name}\` and \`${WO(f)}\`.`, optional: true, sensitive: true });
      attributes[WO(f)] = attr.string({ description: `${f.description} Write-only (Terraform 1.11+): never stored in plan or state. Set \`${WO_VERSION(f)}\` with it and bump that number to rotate.`, optional: true, sensitive: true, writeOnly: true });
      attributes[WO_VERSION(f)] = attr.number({ description: `Bump to send \`${WO(f)}\` again: the rotation trigger, since Terraform cannot compare write-only values. Required with \`${WO(f)}\`.`, optional: true });
    } else {
      attributes[f.name] = attributeFor(f);
    }
  }
  if (withProtection) {
    attributes.deletion_protection = attr.bool({ description: 'When `true`, a plan that would delete or replace the key while buckets or AI models use it fails instead of warning. Default `false`.', optional: true });
  }
  return { version: 0, block: block({ description: model.description, attributes }) };
}

export class ModelResource implements RegisteredResource<FlashbackProviderData> {
  readonly typeName: string;
  readonly schema: TypeSchema;
  private readonly secretFields: FieldSpec[];
  private readonly isKey: boolean;

  constructor(private readonly model: ResourceModel) {
    this.typeName = `flashback_${model.kind}`;
    this.isKey = model.kind === 'provider_api_key';
    this.secretFields = model.fields.filter((f) => f.writeOnly);
    this.schema = schemaFor(model, this.isKey);
  }

  // ---- translation between Terraform objects and core values ----

  /** Core inputs from a Terraform object (config or plan), with the props not known yet. */
  private inputsOf(obj: AnyObject, config: AnyObject | null, defaultWorkspace: string | null): { values: Values; unknown: Set<string> } {
    const values: Values = {};
    const unknown = new Set<string>();
    for (const f of this.model.fields) {
      if (f.kind !== 'input') continue;
      let v: AnyValue = obj[f.name] ?? null;
      if (f.writeOnly) v = (config?.[WO(f)] ?? null) !== null ? (config?.[WO(f)] ?? null) : (obj[f.name] ?? null);
      if (f.defaultsToProviderWorkspace && v === null) v = defaultWorkspace;
      if (v === Unknown) unknown.add(f.prop);
      else if (typeof v === 'string' || typeof v === 'number') values[f.prop] = v;
    }
    return { values, unknown };
  }

  /** A Terraform object from core state, keeping what the API cannot return from `keep`. */
  private objectOf(state: Values, keep: AnyObject): AnyObject {
    const out: Record<string, AnyValue> = {};
    for (const f of this.model.fields) {
      if (f.writeOnly) {
        out[f.name] = keep[f.name] ?? null;
        out[WO(f)] = null;
        out[WO_VERSION(f)] = keep[WO_VERSION(f)] ?? null;
      } else {
        out[f.name] = state[f.prop] ?? null;
      }
    }
    if (this.isKey) out.deletion_protection = keep.deletion_protection ?? null;
    return out;
  }

  private ref(obj: AnyObject) {
    return { workspaceId: String(obj.workspace_id), id: String(obj.id) };
  }

  private report(diagnostics: Diagnostics, issues: { prop: string; message: string }[]): void {
    for (const i of issues) {
      const f = this.model.fields.find((x) => x.prop === i.prop);
      const name = f ? (f.writeOnly ? WO(f) : f.name) : i.prop;
      diagnostics.error(`Invalid ${name}`, `${name} ${i.message}`, pathOf(name));
    }
  }

  private fail(diagnostics: Diagnostics, what: string, e: unknown): void {
    if (e instanceof KeyInUseConflictError) {
      diagnostics.error(`The ${this.model.title} is still in use`, e.message);
    } else if (e instanceof ApiError) {
      diagnostics.error(`Could not ${what} the ${this.model.title}`, e.message);
    } else {
      diagnostics.error(`Could not ${what} the ${this.model.title}`, e instanceof Error ? e.message : String(e));
    }
  }

  // ---- lifecycle ----

  validate(request: never, context: ValidateContext): void {
    const config = (request as { config: AnyObject }).config;
    const { values, unknown } = this.inputsOf(config, config, null);
    for (const f of this.secretFields) {
      const stored = config[f.name] ?? null;
      const wo = config[WO(f)] ?? null;
      const version = config[WO_VERSION(f)] ?? null;
      if (stored !== null && wo !== null) {
        context.diagnostics.error(`Conflicting ${f.name} and ${WO(f)}`, `Set exactly one of ${f.name} and ${WO(f)}: ${WO(f)} (with ${WO_VERSION(f)}) on Terraform 1.11 and later, which keeps the value out of plan and state; ${f.name} on older engines.`, pathOf(WO(f)));
      } else if (stored === null && wo === null) {
        context.diagnostics.error(`Missing ${f.name}`, `Set ${WO(f)} together with ${WO_VERSION(f)} (Terraform 1.11 and later; the value stays out of plan and state), or ${f.name} on older engines. A sensitive variable is the usual source.`, pathOf(WO(f)));
      }
      if (wo !== null && version === null) {
        context.diagnostics.error(`Missing ${WO_VERSION(f)}`, `${WO_VERSION(f)} is required with ${WO(f)}: Terraform cannot compare write-only values, so bumping this number is what rotates the ${f.name}. Start with 1.`, pathOf(WO_VERSION(f)));
      }
      // A secret is never absent on create; the presence rule above covers it.
      unknown.add(f.prop);
    }
    this.report(context.diagnostics, checkInputs(this.model, values, { unknown }));
  }

  async plan(request: never, context: Ctx): Promise<PlanAdjustment<never>> {
    const { config, plan, state } = request as { config: AnyObject; plan: AnyObject; state: AnyObject | null };
    const next: Record<string, AnyValue> = { ...plan };
    if ((config.workspace_id ?? null) === null) {
      const ws = context.provider.workspaceId;
      if (ws === null) {
        context.diagnostics.error('Missing workspace_id', `Set workspace_id on this ${this.model.title}, or workspace_id (or FLASHBACK_WORKSPACE_ID) on the provider.`, pathOf('workspace_id'));
        return {};
      }
      next.workspace_id = ws;
    }
    // Record what this plan does to dependents, for the key's destroy plan.
    if (!this.isKey && state && typeof state.id === 'string') {
      const before = state.provider_api_key_id;
      if (next.provider_api_key_id !== before) context.provider.ledger.repointing.add(state.id);
      else context.provider.ledger.keeping.add(state.id);
    }
    const requiresReplaceWs = state !== null && next.workspace_id !== state.workspace_id ? [pathOf('workspace_id')] : [];
    return { plan: next as never, requiresReplace: requiresReplaceWs };
  }

  async planDestroy(request: never, context: Ctx): Promise<void> {
    const state = (request as { state: AnyObject }).state;
    if (!this.isKey) {
      if (typeof state.id === 'string') context.provider.ledger.deleting.add(state.id);
      return;
    }
    const ref = this.ref(state);
    let conflicts;
    try {
      const dependents = await findDependents(context.provider.client, ref, context.signal);
      await context.provider.ledger.settle(dependents.map((d) => d.id), 3_000, context.signal);
      conflicts = conflictingDependents(dependents, context.provider.ledger);
    } catch (e) {
      context.diagnostics.warning('Could not check what uses this provider API key', `The destroy plan could not list the key's buckets and AI models: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (conflicts.length === 0) return;
    const message = conflictMessage(ref, conflicts, 'delete');
    if (state.deletion_protection === true) {
      context.diagnostics.error('Provider API key still in use (deletion_protection)', message);
    } else {
      context.diagnostics.warning('Provider API key still in use', `${message}\nIf these resources are not deleted or re-pointed by this same plan, the apply will fail. Set deletion_protection = true to make this an error at plan time.`);
    }
  }

  async create(request: never, context: Ctx): Promise<AnyObject | null> {
    const { config, plan } = request as { config: AnyObject; plan: AnyObject };
    const { values } = this.inputsOf(plan, config, context.provider.workspaceId);
    try {
      const state = await this.model.create(context.provider.client, values, context.signal);
      return this.objectOf(state, plan);
    } catch (e) {
      this.fail(context.diagnostics, 'create', e);
      return null;
    }
  }

  async read(request: never, context: Ctx): Promise<AnyObject | null> {
    const prior = (request as { state: AnyObject }).state;
    try {
      const state = await this.model.read(context.provider.client, this.ref(prior), context.signal);
      return state ? this.objectOf(state, prior) : null;
    } catch (e) {
      this.fail(context.diagnostics, 'read', e);
      return prior;
    }
  }

  async update(request: never, context: Ctx): Promise<AnyObject | null> {
    const { config, plan, state } = request as { config: AnyObject; plan: AnyObject; state: AnyObject };
    const before = this.inputsOf(state, null, null).values;
    const after = this.inputsOf(plan, config, context.provider.workspaceId).values;
    const { changed } = diffInputs(this.model, before, after);
    for (const f of this.secretFields) {
      const rotated = (config[WO(f)] ?? null) !== null ? plan[WO_VERSION(f)] !== state[WO_VERSION(f)] : plan[f.name] !== state[f.name];
      if (rotated && !changed.includes(f.prop)) changed.push(f.prop);
      if (!rotated) delete after[f.prop];
    }
    try {
      const next = await this.model.update(context.provider.client, this.ref(state), after, changed, context.signal);
      return this.objectOf(next, plan);
    } catch (e) {
      this.fail(context.diagnostics, 'update', e);
      return null;
    }
  }

  async delete(request: never, context: Ctx): Promise<void> {
    const state = (request as { state: AnyObject }).state;
    try {
      await this.model.delete(context.provider.client, this.ref(state), context.signal);
    } catch (e) {
      this.fail(context.diagnostics, 'delete', e);
    }
  }

  async import(request: never, context: Ctx): Promise<AnyObject | null> {
    const { id } = request as { id: string };
    try {
      const ref = parseImportId(id, this.model.title);
      const blank: Record<string, AnyValue> = {};
      for (const [name] of Object.entries(this.schema.block.attributes)) blank[name] = null;
      return { ...blank, id: ref.id, workspace_id: ref.workspaceId };
    } catch (e) {
      context.diagnostics.error('Invalid import id', e instanceof Error ? e.message : String(e));
      return null;
    }
  }
}
