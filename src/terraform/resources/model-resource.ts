/**
 * One generic Terraform resource over a core model: the schema, validation, plan, CRUD and
 * import of `flashback_provider_api_key`, `flashback_storage_bucket` and `flashback_ai_llm`
 * all derive from the core field lists, so a rule written in src/core holds here unchanged.
 * Terraform-only parts: the secret's three forms (`secret_wo` + `secret_wo_version` for
 * Terraform 1.11+, `secret` for older engines), `deletion_protection`, `timeouts`, and the
 * advice about how Terraform orders a replacement.
 *
 * Replacing a key (a change to `provider_type` or `workspace_id`): Terraform and OpenTofu alike
 * plan it with one PlanResourceChange that carries the prior state and returns
 * `requires_replace`, then a second with a null prior state for the new object; no destroy plan
 * is asked for the old object, and the dependents are planned only after the key (their
 * `provider_api_key_id` waits on its new id). So the key's own update plan is the one place to
 * report who uses it. Terraform does not tell providers about `create_before_destroy`, so the
 * warning cannot tell whether the old key will outlive the re-pointing; it says so. The first
 * plan's private data reaches the apply of the destroy half, which is how an apply-time refusal
 * knows it is part of a replacement.
 */
import { ApiError } from '../../client/errors';
import {
  KeyInUseConflictError,
  checkInputs,
  checkProviderTypeKnown,
  conflictMessage,
  conflictingDependents,
  diffInputs,
  findDependents,
  parseImportId,
  replaceFields,
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
import { plansChange } from './plan-checks';
import { deadlineFor, timeoutsBlock, type Deadline, type Operation } from './timeouts';

type Ctx = OperationContext<FlashbackProviderData>;

/** Private data of a key whose plan replaces it: the attributes forcing it. */
const REPLACING = 'replacing';

/** How Terraform orders a replacement, and what to do about it: Terraform advice stays in the Terraform front end. */
const DESTROY_FIRST =
  'Terraform replaces destroy-first by default: it deletes the old key before it creates the new one and re-points these, so the API refuses the deletion and the apply fails. ' +
  'Add lifecycle { create_before_destroy = true } to this key: Terraform then creates the new key, updates these to point at it, and deletes the old key last.';
/** At apply the provider knows the deletion is a replacement's, not whether create_before_destroy was set. */
const REPLACEMENT_REFUSED =
  'Without lifecycle { create_before_destroy = true } on the key, Terraform deletes the old key before it creates the new one and re-points these, so the API refuses. ' +
  'Add it and apply again: the new key is created, these are updated to point at it, and the old key is deleted last. If it is set already, re-point or delete the resources listed that this configuration does not manage.';
const CANNOT_SEE_LIFECYCLE =
  'Terraform does not tell providers about create_before_destroy, so this warning also shows when it is set; with it the apply succeeds if every resource listed is re-pointed or deleted by this configuration.';

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
    attributes.deletion_protection = attr.bool({ description: 'When `true`, a plan that would delete or replace the key while buckets or AI models use it fails instead of warning. Default `false`. The value in state counts: set it to `false` and apply before deleting or replacing a protected key.', optional: true });
  }
  return { version: 0, block: block({ description: model.description, attributes, blocks: { timeouts: timeoutsBlock } }) };
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
    out.timeouts = keep.timeouts ?? null;
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

  private fail(diagnostics: Diagnostics, what: Operation, e: unknown, deadline?: Deadline): void {
    if (deadline?.timedOut()) {
      const acted = what === 'create' ? ` If the API created it after all, it exists without being in state: import it (id <workspace_id>/<id>) instead of creating another.` : '';
      diagnostics.error(
        `Timed out: ${what} of the ${this.model.title}`,
        `The ${what} did not finish within ${deadline.setting}: the Flashback API did not answer in time (${e instanceof Error ? e.message : String(e)}). Raise ${deadline.setting.includes('default') ? `timeouts.${what}` : 'it'} in this resource's timeouts block, or try again.${acted}`,
      );
    } else if (e instanceof KeyInUseConflictError) {
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
    if (state === null || plansChange(next, state)) await context.provider.checks.checkWritable(next.workspace_id, `${state === null ? 'create' : 'update'} the ${this.model.title}`, context.diagnostics);
    if (this.isKey) {
      await this.checkProviderType(next, state, context);
      if (state !== null) await this.checkReplacement(next, state, context);
    }
    const requiresReplaceWs = state !== null && next.workspace_id !== state.workspace_id ? [pathOf('workspace_id')] : [];
    return { plan: next as never, requiresReplace: requiresReplaceWs };
  }

  /** provider_type against the live list (GET /providers, once per provider process), when it is new. */
  private async checkProviderType(next: AnyObject, state: AnyObject | null, context: Ctx): Promise<void> {
    const type = next.provider_type;
    if (typeof type !== 'string' || (state !== null && state.provider_type === type)) return;
    let providers;
    try {
      providers = await context.provider.client.listProviders(context.signal);
    } catch (e) {
      context.provider.checks.warnOnce(context.diagnostics, 'provider types', 'Could not check provider_type', `The provider types the Flashback API serves could not be listed (${e instanceof Error ? e.message : String(e)}); the API checks each key's provider_type when the key is created. This warning is shown once per plan.`, pathOf('provider_type'));
      return;
    }
    const issue = checkProviderTypeKnown(providers)(type);
    if (issue) context.diagnostics.error('Invalid provider_type', `provider_type ${issue}`, pathOf('provider_type'));
  }

  /**
   * A key whose plan replaces it: name what uses it now. Its dependents are planned after it,
   * so whether this plan re-points or deletes them is not known yet (see the file comment).
   */
  private async checkReplacement(next: AnyObject, state: AnyObject, context: Ctx): Promise<void> {
    const forcing = replaceFields(this.model).filter((f) => next[f.name] !== state[f.name]);
    context.privateState.set(REPLACING, forcing.length > 0 ? forcing.map((f) => f.name) : null);
    if (forcing.length === 0) return;
    const ref = this.ref(state);
    let dependents;
    try {
      dependents = await findDependents(context.provider.client, ref, context.signal);
    } catch (e) {
      context.provider.checks.warnOnce(context.diagnostics, 'dependents', 'Could not check what uses the provider API keys', `The plan replaces or deletes provider API key ${ref.id} (and maybe others) but could not list their buckets and AI models: ${e instanceof Error ? e.message : String(e)}. A key still in use makes the apply fail; this warning is shown once per plan.`);
      return;
    }
    if (dependents.length === 0) return;
    const why = `Changing ${forcing.map((f) => f.name).join(' and ')} replaces the key.`;
    const message = conflictMessage(ref, dependents, 'replace');
    const path = pathOf(forcing[0].name);
    if (state.deletion_protection === true || next.deletion_protection === true) {
      context.diagnostics.error('Provider API key still in use (deletion_protection)', `${why} ${message}\n${DESTROY_FIRST}`, path);
    } else {
      context.diagnostics.warning('Replacing a provider API key still in use', `${why} ${message}\n${DESTROY_FIRST}\n${CANNOT_SEE_LIFECYCLE}`, path);
    }
  }

  async planDestroy(request: never, context: Ctx): Promise<void> {
    const state = (request as { state: AnyObject }).state;
    await context.provider.checks.checkWritable(state.workspace_id, `delete the ${this.model.title}`, context.diagnostics);
    if (!this.isKey) {
      if (typeof state.id === 'string') context.provider.ledger.deleting.add(state.id);
      return;
    }
    context.privateState.set(REPLACING, null);
    const ref = this.ref(state);
    let conflicts;
    try {
      const dependents = await findDependents(context.provider.client, ref, context.signal);
      await context.provider.ledger.settle(dependents.map((d) => d.id), 3_000, context.signal);
      conflicts = conflictingDependents(dependents, context.provider.ledger);
    } catch (e) {
      context.provider.checks.warnOnce(context.diagnostics, 'dependents', 'Could not check what uses the provider API keys', `The plan replaces or deletes provider API key ${ref.id} (and maybe others) but could not list their buckets and AI models: ${e instanceof Error ? e.message : String(e)}. A key still in use makes the apply fail; this warning is shown once per plan.`);
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
    const deadline = deadlineFor(plan, 'create', context.signal);
    try {
      const state = await this.model.create(context.provider.client, values, deadline.signal);
      // The plan's replacement marker belongs to the old object, not to this one.
      if (this.isKey) context.privateState.set(REPLACING, null);
      return this.objectOf(state, plan);
    } catch (e) {
      this.fail(context.diagnostics, 'create', e, deadline);
      return null;
    }
  }

  async read(request: never, context: Ctx): Promise<AnyObject | null> {
    const prior = (request as { state: AnyObject }).state;
    const deadline = deadlineFor(prior, 'read', context.signal);
    try {
      const state = await this.model.read(context.provider.client, this.ref(prior), deadline.signal);
      return state ? this.objectOf(state, prior) : null;
    } catch (e) {
      this.fail(context.diagnostics, 'read', e, deadline);
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
    const deadline = deadlineFor(plan, 'update', context.signal);
    try {
      const next = await this.model.update(context.provider.client, this.ref(state), after, changed, deadline.signal);
      return this.objectOf(next, plan);
    } catch (e) {
      this.fail(context.diagnostics, 'update', e, deadline);
      return null;
    }
  }

  async delete(request: never, context: Ctx): Promise<void> {
    const state = (request as { state: AnyObject }).state;
    const deadline = deadlineFor(state, 'delete', context.signal);
    try {
      await this.model.delete(context.provider.client, this.ref(state), deadline.signal);
    } catch (e) {
      const forcing = context.privateState.get(REPLACING);
      if (e instanceof KeyInUseConflictError && Array.isArray(forcing) && e.dependents.length > 0) {
        // The destroy half of a destroy-first replacement (the plan marked it).
        const message = conflictMessage(e.key, e.dependents, 'replace');
        context.diagnostics.error(`The ${this.model.title} is still in use`, `Changing ${forcing.join(' and ')} replaces the key. ${message}\n${REPLACEMENT_REFUSED}`);
        return;
      }
      this.fail(context.diagnostics, 'delete', e, deadline);
    }
  }

  async import(request: never, context: Ctx): Promise<AnyObject | null> {
    const { id } = request as { id: string };
    try {
      const ref = parseImportId(id, this.model.title);
      const blank: Record<string, AnyValue> = {};
      for (const name of [...Object.keys(this.schema.block.attributes), ...Object.keys(this.schema.block.blocks)]) blank[name] = null;
      return { ...blank, id: ref.id, workspace_id: ref.workspaceId };
    } catch (e) {
      context.diagnostics.error('Invalid import id', e instanceof Error ? e.message : String(e));
      return null;
    }
  }
}
