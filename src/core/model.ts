import type { FlashbackClient } from '../client';
import type { CreateIdentity } from './create-resolution';
import type { KeyConsumer } from './resources/key-consumer';

/**
 * How one attribute of a resource behaves, declared once and read by every front end:
 * Terraform schemas, Pulumi diff/secret outputs, schema.json and the CDKTF bindings all
 * derive from these lists.
 */
export interface FieldSpec {
  /** snake_case: the Terraform attribute and the key in Terraform state. */
  name: string;
  /** camelCase: the Pulumi property and the TypeScript name. */
  prop: string;
  type: 'string' | 'number';
  /** `input`: set by the user; `computed`: set by the API. */
  kind: 'input' | 'computed';
  required?: boolean;
  /** A change cannot be applied in place: the object is replaced. */
  replaceOnChange?: boolean;
  /** Hidden in plans and logs, a secret in Pulumi state. */
  sensitive?: boolean;
  /**
   * The API never returns it, so drift cannot be seen and import cannot fill it. The
   * secret is the one such field.
   */
  writeOnly?: boolean;
  /** Falls back to the provider's default workspace. */
  defaultsToProviderWorkspace?: boolean;
  description: string;
  /**
   * A computed value only a read refreshes (a key's usage counts): plans keep the value of the
   * last read and an update answers it unchanged, because what changes it (other objects of the
   * same change) is not known when this object is planned or updated.
   */
  asOfLastRead?: boolean;
  /** Field-level rule; returns what is wrong and how to fix it. */
  check?: (value: string | number) => string | undefined;
}

/** A problem with a user's input, tied to the field it concerns. */
export interface InputIssue {
  /** camelCase property; front ends translate it to their own path. */
  prop: string;
  message: string;
}

export interface ObjectRef {
  workspaceId: string;
  id: string;
}

export type Values = Record<string, string | number | undefined>;

/**
 * One resource's whole lifecycle against the API, engine-neutral. Inputs and state are
 * plain objects keyed by `prop`; undefined means "not set".
 */
export interface ResourceModel<I extends Values = Values, S extends Values = Values> {
  /** `provider_api_key`; Terraform prefixes `flashback_`, Pulumi uses {@link pulumiName}. */
  kind: string;
  pulumiName: string;
  /** "provider API key", for messages. */
  title: string;
  description: string;
  fields: readonly FieldSpec[];
  /** How the object a create made is recognised when the create's outcome is unknown. */
  identity: CreateIdentity;
  /** Set on models whose objects use a provider API key (`provider_api_key_id`). */
  consumer?: KeyConsumer;
  /** Cross-field rules; field-level `check`s are run by {@link checkInputs}. */
  checkCombination(input: Partial<I>): InputIssue[];
  create(client: FlashbackClient, input: I, signal?: AbortSignal): Promise<S>;
  /** undefined when the object no longer exists (deleted outside IaC). */
  read(client: FlashbackClient, ref: ObjectRef, signal?: AbortSignal): Promise<S | undefined>;
  /** Every object of this kind in a workspace, as `read` returns each (discovery, `terraform query`). */
  list(client: FlashbackClient, workspaceId: string, signal?: AbortSignal): Promise<S[]>;
  /** Sends only `changed` props; returns the state read back. */
  update(client: FlashbackClient, ref: ObjectRef, input: I, changed: readonly string[], signal?: AbortSignal): Promise<S>;
  delete(client: FlashbackClient, ref: ObjectRef, signal?: AbortSignal): Promise<void>;
}

export const inputFields = (m: { fields: readonly FieldSpec[] }) => m.fields.filter((f) => f.kind === 'input');
export const computedFields = (m: { fields: readonly FieldSpec[] }) => m.fields.filter((f) => f.kind === 'computed');
export const replaceFields = (m: { fields: readonly FieldSpec[] }) => m.fields.filter((f) => f.replaceOnChange);

/**
 * What an empty string means for a field that may be left unset, or undefined when the field
 * must have a value. An empty optional text reads back as absent (`optionalText`: the API's
 * contract gives "" no meaning of its own), so an empty value given would never match what is
 * read: it is refused, naming the way to say "none" that does round-trip.
 */
function emptyOptionalMessage(f: FieldSpec): string | undefined {
  if (f.defaultsToProviderWorkspace) return "is empty: leave it out, or set it to null, to use the provider's workspace";
  if (!f.required) return 'is empty: leave it out, or set it to null, for none (an empty value reads back as unset, so the next plan would never match)';
  return undefined;
}

/** Field checks, required fields and cross-field rules, with every issue at once. */
export function checkInputs<I extends Values>(model: ResourceModel<I>, input: Partial<I>, opts: { unknown?: ReadonlySet<string> } = {}): InputIssue[] {
  const issues: InputIssue[] = [];
  const combined: Partial<I> = { ...input };
  for (const f of inputFields(model)) {
    if (opts.unknown?.has(f.prop)) continue;
    const v = input[f.prop];
    if (v === undefined || v === null) {
      if (f.required && !f.defaultsToProviderWorkspace) issues.push({ prop: f.prop, message: `is required: ${firstSentence(f.description)}` });
      continue;
    }
    const empty = v === '' ? emptyOptionalMessage(f) : undefined;
    if (empty !== undefined) {
      issues.push({ prop: f.prop, message: empty });
      // One problem per field: cross-field rules see it as unset, which is what the fix makes it.
      delete combined[f.prop];
      continue;
    }
    const msg = f.check?.(v);
    if (msg) issues.push({ prop: f.prop, message: msg });
  }
  return [...issues, ...model.checkCombination(combined)];
}

/**
 * Which props differ between what was applied and what is wanted, and which of those force
 * replacement. A write-only field counts as changed only when the caller says so (the
 * API cannot tell us its current value).
 */
export function diffInputs(model: ResourceModel, before: Values, after: Values): { changed: string[]; replaces: string[] } {
  const changed = inputFields(model)
    .filter((f) => !f.writeOnly || f.prop in after)
    .filter((f) => norm(before[f.prop]) !== norm(after[f.prop]))
    .map((f) => f.prop);
  const replaceSet = new Set(replaceFields(model).map((f) => f.prop));
  return { changed, replaces: changed.filter((p) => replaceSet.has(p)) };
}

const norm = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : v);

function firstSentence(s: string): string {
  const i = s.indexOf('. ');
  return i < 0 ? s : s.slice(0, i + 1);
}

/** Import ids are `<workspace_id>/<id>` because the API can only read an object through its workspace. */
export function parseImportId(raw: string, title: string): ObjectRef {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(raw.trim());
  if (!m) throw new Error(`The import id "${raw}" is not of the form <workspace_id>/<id>. A ${title} is read through its workspace, so the id must name both, for example "ws-123/4f6c...".`);
  return { workspaceId: m[1], id: m[2] };
}

export const optionalText = (v: string | null | undefined): string | undefined => (v === null || v === undefined || v === '' ? undefined : v);
