/**
 * The small typed base of the Terraform resources: it only translates between a core model and
 * the protocol. The schema, validation, CRUD and import of every resource derive from the core
 * field lists, so a rule written in src/core holds here unchanged; replacement comes only from
 * core's `replaceOnChange` flags, as `requiresReplace` plan modifiers, and the workspace default
 * from core's `resolveWorkspace`, as the `workspaceDefault` plan modifier before it. Terraform-only
 * parts kept here: the secret's forms (./secret-forms.ts) and `timeouts`. What one resource adds
 * (the key's deletion checks, a consumer's part in them) is in that resource's own file.
 */
import { ApiError } from '../../client/errors';
import {
  CreateResolutionError,
  CreatedUnreadError,
  KeyInUseConflictError,
  importId,
  checkInputs,
  diffInputs,
  parseImportId,
  resolveWorkspace,
  settleCreate,
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
  type BlockSpec,
  type Diagnostics,
  type ModelOf,
  type OperationContext,
  type PlanModifier,
  type TfResource,
  type TypeSchema,
  type ValidateContext,
} from '../framework';
import type { FlashbackProviderData } from './provider-data';
import { secretDescriptions, secretFormProblems, secretForms, secretFormsOf, secretRotated, secretValue, type SecretForms } from './secret-forms';
import { deadlineFor, timeoutsBlock, type Deadline, type Operation } from './timeouts';

export type Ctx = OperationContext<FlashbackProviderData>;
/** A Terraform object of a resource whose schema is built from core fields. */
export type TfObject = ModelOf<BlockSpec>;

/** Terraform's way to take over an object; the provider is not told the resource's address, Terraform shows it under the error. */
const terraformImport = (ref: { workspaceId: string; id: string }) =>
  `run \`terraform import <address> ${importId(ref)}\` with <address> the resource named below (or declare an import block with id = "${importId(ref)}")`;

const STABLE_COMPUTED = new Set(['id', 'created_at']);

/*
 * Values only a read refreshes (core's `asOfLastRead`: a key's `bucket_count` and `ai_llm_count`)
 * are kept from prior state by every update plan, and an update answers the planned value. So a
 * rotation, a `deletion_protection` toggle or the first plan after an import shows only what the
 * user changed, and Terraform's consistency checks have nothing to catch. Predicting them, or
 * planning them unknown when this plan changes the key's dependents, cannot be made exact with the
 * real engines (measured on Terraform 1.11 and 1.15 and OpenTofu 1.12, traced call by call):
 *  - dependents that reference the key (kept, created or re-pointed to it) are planned only after
 *    the key's plan returns, so the key cannot count them;
 *  - dependents removed from the configuration, and those re-pointed to another key, are planned
 *    in no fixed order beside the key: the ledger may or may not have heard of them yet;
 *  - `terraform apply` plans every change again in a new provider process, with none of the plan's
 *    knowledge, and Terraform requires each value the plan knew to come out identical there
 *    ("Provider produced inconsistent final plan"). In that run a removed dependent is deleted
 *    before the key is updated, but nothing orders the update of one re-pointed elsewhere and the
 *    key's (in the traces it came first), and new ones come only after it: a value predicted or
 *    made unknown from what the plan process saw cannot be reproduced there.
 * The next refresh (every plan, `terraform apply -refresh-only`) reads them as the API counts.
 */
const refreshedByReadOnly = (f: FieldSpec): boolean => f.kind === 'computed' && f.asOfLastRead === true;

/** The provider's `workspace_id` where the configuration leaves it unset (core's resolution rule). */
function workspaceDefault(title: string): PlanModifier {
  return {
    description: 'Defaults to the provider\'s `workspace_id`.',
    modify: ({ config, plan, path, providerDefaults }, diagnostics) => {
      if (providerDefaults === null || config === Unknown) return {};
      const ws = resolveWorkspace(typeof config === 'string' ? config : null, () => providerDefaults.workspace_id);
      if (ws === undefined) {
        diagnostics.error('Missing workspace_id', `Set workspace_id on this ${title}, or workspace_id (or FLASHBACK_WORKSPACE_ID) on the provider.`, path);
        return {};
      }
      return ws === plan ? {} : { plan: ws };
    },
  };
}

function attributeFor(f: FieldSpec, title: string): AttributeSpec {
  const base = { description: f.description, sensitive: f.sensitive ?? false };
  if (f.kind === 'computed') {
    const planModifiers = STABLE_COMPUTED.has(f.name) || refreshedByReadOnly(f) ? [useStateForUnknown()] : [];
    return f.type === 'number' ? attr.number({ ...base, computed: true, planModifiers }) : attr.string({ ...base, computed: true, planModifiers });
  }
  const planModifiers = [...(f.defaultsToProviderWorkspace ? [workspaceDefault(title)] : []), ...(f.replaceOnChange ? [requiresReplace()] : [])];
  const mode = f.defaultsToProviderWorkspace ? { optional: true, computed: true } : f.required ? { required: true } : { optional: true };
  return f.type === 'number' ? attr.number({ ...base, ...mode, planModifiers }) : attr.string({ ...base, ...mode, planModifiers });
}

function schemaFor(model: ResourceModel, extra: Readonly<Record<string, AttributeSpec>>): TypeSchema {
  const attributes: Record<string, AttributeSpec> = {};
  for (const f of model.fields) {
    if (f.writeOnly) {
      const forms = secretFormsOf(f);
      const d = secretDescriptions(forms);
      attributes[forms.stored] = attr.string({ description: d.stored, optional: true, sensitive: true });
      attributes[forms.writeOnly] = attr.string({ description: d.writeOnly, optional: true, sensitive: true, writeOnly: true });
      attributes[forms.version] = attr.number({ description: d.version, optional: true });
    } else {
      attributes[f.name] = attributeFor(f, model.title);
    }
  }
  return { version: 0, block: block({ description: model.description, attributes: { ...attributes, ...extra }, blocks: { timeouts: timeoutsBlock } }) };
}

export abstract class ModelResource implements TfResource<BlockSpec, FlashbackProviderData> {
  readonly typeName: string;
  readonly schema: TypeSchema;
  private readonly secrets: SecretForms[];
  /** Attributes a resource adds beside the core fields, kept from plan or prior state. */
  private readonly extraNames: string[];

  protected constructor(
    protected readonly model: ResourceModel,
    extraAttributes: Readonly<Record<string, AttributeSpec>> = {},
  ) {
    this.typeName = `flashback_${model.kind}`;
    this.secrets = secretForms(model);
    this.extraNames = Object.keys(extraAttributes);
    this.schema = schemaFor(model, extraAttributes);
  }

  // ---- translation between Terraform objects and core values ----

  /** Core inputs from a Terraform object (config or plan), with the props not known yet. */
  protected inputsOf(obj: TfObject, config: TfObject | null, defaultWorkspace: string | null): { values: Values; unknown: Set<string> } {
    const values: Values = {};
    const unknown = new Set<string>();
    for (const f of this.model.fields) {
      if (f.kind !== 'input') continue;
      let v: AnyValue = f.writeOnly ? secretValue(secretFormsOf(f), config, obj) : (obj[f.name] ?? null);
      if (f.defaultsToProviderWorkspace) v = resolveWorkspace(v, () => defaultWorkspace) ?? null;
      if (v === Unknown) unknown.add(f.prop);
      else if (typeof v === 'string' || typeof v === 'number') values[f.prop] = v;
    }
    return { values, unknown };
  }

  /** A Terraform object from core state, keeping what the API cannot return from `keep`. */
  protected objectOf(state: Values, keep: TfObject): TfObject {
    const out: Record<string, AnyValue> = {};
    for (const f of this.model.fields) if (!f.writeOnly) out[f.name] = state[f.prop] ?? null;
    for (const s of this.secrets) {
      out[s.stored] = keep[s.stored] ?? null;
      out[s.writeOnly] = null;
      out[s.version] = keep[s.version] ?? null;
    }
    for (const name of this.extraNames) out[name] = keep[name] ?? null;
    out.timeouts = keep.timeouts ?? null;
    return out;
  }

  protected ref(obj: TfObject) {
    return { workspaceId: String(obj.workspace_id), id: String(obj.id) };
  }

  /** `names`: the attribute a prop was given as, where the schema has more than one (a secret's forms). */
  private report(diagnostics: Diagnostics, issues: { prop: string; message: string }[], names: Readonly<Record<string, string>> = {}): void {
    for (const i of issues) {
      const f = this.model.fields.find((x) => x.prop === i.prop);
      const name = names[i.prop] ?? (f ? (f.writeOnly ? `${f.name}_wo` : f.name) : i.prop);
      diagnostics.error(`Invalid ${name}`, `${name} ${i.message}`, pathOf(name));
    }
  }

  protected fail(diagnostics: Diagnostics, what: Operation, e: unknown, deadline?: Deadline): void {
    if (e instanceof CreateResolutionError) {
      diagnostics.error(`Could not ${what} the ${this.model.title}`, e.explain(terraformImport));
    } else if (deadline?.timedOut()) {
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

  validate({ config }: { readonly config: TfObject }, context: ValidateContext): void {
    const { values, unknown } = this.inputsOf(config, config, null);
    const names: Record<string, string> = {};
    for (const s of this.secrets) {
      for (const problem of secretFormProblems(s, (name) => (config[name] ?? null) !== null)) {
        if (problem === 'both-forms') {
          context.diagnostics.error(`Conflicting ${s.stored} and ${s.writeOnly}`, `Set exactly one of ${s.stored} and ${s.writeOnly}: ${s.writeOnly} (with ${s.version}) on Terraform 1.11 and later, which keeps the value out of plan and state; ${s.stored} on older engines.`, pathOf(s.writeOnly));
        } else if (problem === 'no-form') {
          context.diagnostics.error(`Missing ${s.stored}`, `Set ${s.writeOnly} together with ${s.version} (Terraform 1.11 and later; the value stays out of plan and state), or ${s.stored} on older engines. A sensitive variable is the usual source.`, pathOf(s.writeOnly));
        } else {
          context.diagnostics.error(`Missing ${s.version}`, `${s.version} is required with ${s.writeOnly}: Terraform cannot compare write-only values, so bumping this number is what rotates the ${s.stored}. Start with 1.`, pathOf(s.version));
        }
      }
      // A secret is never absent on create (the presence rule above covers it); a value written
      // in the configuration is checked now, in the form it was given.
      if (typeof values[s.field.prop] !== 'string') unknown.add(s.field.prop);
      names[s.field.prop] = (config[s.writeOnly] ?? null) !== null ? s.writeOnly : s.stored;
    }
    this.report(context.diagnostics, checkInputs(this.model, values, { unknown }), names);
  }

  async create({ config, plan }: { readonly config: TfObject; readonly plan: TfObject }, context: Ctx): Promise<TfObject | null> {
    const { values } = this.inputsOf(plan, config, context.provider.workspaceId);
    const deadline = deadlineFor(plan, 'create', context.signal);
    try {
      const state = await this.model.create(context.provider.client, values, deadline.signal);
      this.created(context);
      return this.objectOf(state, plan);
    } catch (e) {
      if (e instanceof CreatedUnreadError) {
        // The id is kept: Terraform records the object, and the next refresh completes it.
        context.diagnostics.warning(`The ${this.model.title} was created but not read back`, e.explain());
        this.created(context);
        return this.objectOf(e.partial, plan);
      }
      this.fail(context.diagnostics, 'create', e, deadline);
      return null;
    }
  }

  /** After a create: a resource may reset private data its plan left for the object it replaces. */
  protected created(_context: Ctx): void {}

  async read({ state: prior }: { readonly state: TfObject }, context: Ctx): Promise<TfObject | null> {
    const deadline = deadlineFor(prior, 'read', context.signal);
    // Terraform holds this object: an interrupted create that made it is settled.
    settleCreate(context.provider.client, String(prior.id));
    try {
      const state = await this.model.read(context.provider.client, this.ref(prior), deadline.signal);
      return state ? this.objectOf(state, prior) : null;
    } catch (e) {
      this.fail(context.diagnostics, 'read', e, deadline);
      return prior;
    }
  }

  async update({ config, plan, state }: { readonly config: TfObject; readonly plan: TfObject; readonly state: TfObject }, context: Ctx): Promise<TfObject | null> {
    const before = this.inputsOf(state, null, null).values;
    const after = this.inputsOf(plan, config, context.provider.workspaceId).values;
    const { changed } = diffInputs(this.model, before, after);
    for (const s of this.secrets) {
      const rotated = secretRotated(s, config, plan, state);
      if (rotated && !changed.includes(s.field.prop)) changed.push(s.field.prop);
      if (!rotated) delete after[s.field.prop];
    }
    const deadline = deadlineFor(plan, 'update', context.signal);
    settleCreate(context.provider.client, String(state.id));
    try {
      const next = await this.model.update(context.provider.client, this.ref(state), after, changed, deadline.signal);
      const updated: Record<string, AnyValue> = { ...this.objectOf(next, plan) };
      for (const f of this.model.fields) if (refreshedByReadOnly(f) && typeof plan[f.name] === 'number') updated[f.name] = plan[f.name];
      return updated;
    } catch (e) {
      this.fail(context.diagnostics, 'update', e, deadline);
      return null;
    }
  }

  async delete({ state }: { readonly state: TfObject }, context: Ctx): Promise<void> {
    const deadline = deadlineFor(state, 'delete', context.signal);
    settleCreate(context.provider.client, String(state.id));
    try {
      await this.model.delete(context.provider.client, this.ref(state), deadline.signal);
    } catch (e) {
      if (!this.deleteRefused(e, context)) this.fail(context.diagnostics, 'delete', e, deadline);
    }
  }

  /** A resource's own wording of a refused delete; true when it reported it. */
  protected deleteRefused(_error: unknown, _context: Ctx): boolean {
    return false;
  }

  async import({ id }: { readonly id: string }, context: Ctx): Promise<TfObject | null> {
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
