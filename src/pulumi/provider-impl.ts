/**
 * The implementation behind every Flashback dynamic resource. It runs in Pulumi's
 * dynamic-provider process (`pulumi-resource-pulumi-nodejs`), loaded by the serialized shim
 * (./shim.ts) with a plain `require` at call time, so the code that runs is the installed
 * package's, not a copy frozen in state.
 *
 * STABLE ENTRY POINT: stack states hold shims that `require` this file by path and call
 * these exports with these signatures. Never rename, move or remove it or its exports;
 * add new behaviour behind new optional arguments only.
 *
 * Every rule (fields, checks, which changes replace, what is written, conflicts on delete)
 * comes from the core models; this file only translates between Pulumi's plain property bags
 * and the core's typed values.
 */
import type * as dynamic from '@pulumi/pulumi/dynamic';
import type { FlashbackClient } from '../client';
import {
  KEY_REFERENCE,
  KeyInUseConflictError,
  CreateResolutionError,
  CreatedUnreadError,
  type FieldSpec,
  type ObjectRef,
  type ResourceModel,
  type Values,
  checkInputs,
  diffInputs,
  inputFields,
  replaceFields,
  resolveWorkspace,
  resourceModels,
  workspaceFieldOf,
} from '../core';
import { type PulumiSettings, clientFor, resolvePulumiSettings } from './settings';

/** Bumped only if a shim needs to know; shims written by every version keep working. */
export const IMPL_VERSION = 1;

/** The property the dynamic-provider server keeps the serialized shim in. */
export const PROVIDER_KEY = '__provider';
/** A Pulumi-only input: take over this existing object instead of creating one (see README, "Adopting"). */
export const ADOPT_KEY = 'adoptId';
/**
 * A hidden input of buckets and AI models: the URN of the ProviderApiKey of the same program
 * their `providerApiKeyId` comes from. Kept in state so that, when the dependent is deleted,
 * its delete hook knows whether the same update deletes its key (see ./guard.ts). It is no
 * field of the model: checks pass it through, diffs and API calls never see it.
 */
export const KEY_URN_INPUT = '__flashbackKeyUrn';
/** What the engine sends for a value not known during preview (`pulumi.runtime.unknownValue`). */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** Plain property bag as the dynamic-provider server hands it over (JSON from a protobuf Struct). */
export type PropertyBag = Record<string, unknown>;

/** The part of `pulumi.dynamic.ConfigureRequest` used here. */
export interface ConfigSource {
  config: { get(key: string): string | undefined };
}

const byPulumiName = new Map<string, ResourceModel>(resourceModels.map((m) => [m.pulumiName, m]));

export function modelFor(kind: string): ResourceModel {
  const m = byPulumiName.get(kind);
  if (!m) throw new Error(`Unknown Flashback resource kind "${kind}" (known: ${[...byPulumiName.keys()].join(', ')}). The installed flashback-iac is older than the one that wrote this stack; upgrade it.`);
  return m;
}

// ---------------------------------------------------------------------------------------------
// Settings and client: per provider process, set by `configure`, env as fallback.

let settings: PulumiSettings | undefined;
let client: FlashbackClient | undefined;

export function configure(_kind: string, req: ConfigSource): void {
  const next = resolvePulumiSettings((k) => req.config.get(k));
  if (JSON.stringify(next) !== JSON.stringify(settings)) client = undefined;
  settings = next;
}

function currentSettings(): PulumiSettings {
  settings ??= resolvePulumiSettings(() => undefined);
  return settings;
}

function api(): FlashbackClient {
  // One operation per provider process: list answers are shared until this process writes.
  client ??= clientFor(currentSettings(), { cacheLists: true });
  return client;
}

/** For tests that drive this module in-process. */
export function resetForTests(): void {
  settings = undefined;
  client = undefined;
}

// ---------------------------------------------------------------------------------------------
// Property bags <-> core values.

const isUnknown = (v: unknown): boolean => v === UNKNOWN;

/** The model's input props present in `bag`, undefined and null dropped. */
export function pickInputs(model: ResourceModel, bag: PropertyBag): Values {
  const out: Values = {};
  for (const f of inputFields(model)) {
    const v = bag[f.prop];
    if (v === undefined || v === null) continue;
    out[f.prop] = v as string | number;
  }
  return out;
}

/**
 * The outputs stored in state: every field the API reports (its truth, so refresh is exact),
 * plus write-only inputs the API never returns (the secret), taken from the inputs.
 */
export function toOutputs(model: ResourceModel, state: Values, inputs: Values): PropertyBag {
  const out: PropertyBag = {};
  for (const f of model.fields) {
    if (f.prop === 'id') continue;
    const v = f.writeOnly ? inputs[f.prop] : state[f.prop];
    if (v !== undefined && v !== null) out[f.prop] = v;
  }
  return out;
}

/** Outputs carry the hidden key URN too, so that a refresh (which rebuilds inputs from outputs) keeps it. */
function withKeyUrn(outs: PropertyBag, inputs: PropertyBag): PropertyBag {
  const urn = inputs[KEY_URN_INPUT];
  return typeof urn === 'string' && urn !== '' ? { ...outs, [KEY_URN_INPUT]: urn } : outs;
}

function typeIssue(f: FieldSpec, v: unknown): string | undefined {
  return typeof v === f.type ? undefined : `must be a ${f.type}; got ${JSON.stringify(v)}`;
}

const refOf = (model: ResourceModel, id: string, bag: PropertyBag) => {
  const ws = bag.workspaceId;
  if (typeof ws !== 'string' || ws === '') throw new Error(`The ${model.title} ${id} has no workspaceId in the stack state, so it cannot be found. Run \`pulumi refresh\` after re-creating the stack state, or adopt the object again.`);
  return { workspaceId: ws, id };
};

// ---------------------------------------------------------------------------------------------
// The lifecycle, in the order the engine uses it.

export async function check(kind: string, _olds: PropertyBag, news: PropertyBag): Promise<dynamic.CheckResult> {
  const model = modelFor(kind);
  const inputs: PropertyBag = {};
  for (const [k, v] of Object.entries(news)) if (k !== PROVIDER_KEY && v !== undefined && v !== null) inputs[k] = v;

  const workspace = workspaceFieldOf(model);
  const ws = workspace && resolveWorkspace(inputs[workspace.prop], () => currentSettings().workspaceId);
  if (workspace && ws !== undefined) inputs[workspace.prop] = ws;

  const unknown = new Set(Object.keys(inputs).filter((k) => isUnknown(inputs[k])));
  const failures: dynamic.CheckFailure[] = [];
  const fail = (prop: string, message: string) => failures.push({ property: prop, reason: `${prop} ${message}` });

  const typed: Values = {};
  let typesOk = true;
  for (const f of inputFields(model)) {
    const v = inputs[f.prop];
    if (v === undefined || unknown.has(f.prop)) continue;
    const bad = typeIssue(f, v);
    if (bad) {
      fail(f.prop, bad);
      typesOk = false;
    } else typed[f.prop] = v as string | number;
  }
  if (typesOk) for (const issue of checkInputs(model, typed, { unknown })) fail(issue.prop, issue.message);

  if (workspace && ws === undefined) {
    fail(workspace.prop, 'is required: set it on the resource, or set a default with `pulumi config set flashback:workspaceId <id>` (or FLASHBACK_WORKSPACE_ID)');
  }
  const adopt = inputs[ADOPT_KEY];
  if (adopt !== undefined && !isUnknown(adopt) && (typeof adopt !== 'string' || adopt.trim() === '')) fail(ADOPT_KEY, `must be the id of an existing ${model.title}`);

  const known = new Set([...inputFields(model).map((f) => f.prop), ADOPT_KEY]);
  for (const k of Object.keys(inputs)) if (!known.has(k) && k !== KEY_URN_INPUT) fail(k, `is not an input of ${model.pulumiName}; inputs are ${[...known].join(', ')}`);

  return { inputs, failures };
}

export async function diff(kind: string, _id: string, olds: PropertyBag, news: PropertyBag): Promise<dynamic.DiffResult> {
  const model = modelFor(kind);
  const { changed, replaces } = diffInputs(model, pickInputs(model, olds), pickInputs(model, news));
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
}

export async function create(kind: string, inputs: PropertyBag): Promise<dynamic.CreateResult> {
  const model = modelFor(kind);
  const values = pickInputs(model, inputs);
  const adoptId = inputs[ADOPT_KEY];
  if (typeof adoptId === 'string' && adoptId !== '') return adopt(model, adoptId, values, inputs);
  let state: Values;
  try {
    state = await model.create(api(), values);
  } catch (e) {
    if (e instanceof CreatedUnreadError) throw createdButUnread(model, e, inputs);
    if (e instanceof CreateResolutionError) throw new Error(e.explain(pulumiAdopt), { cause: e });
    throw e;
  }
  return { id: String(state.id), outs: withKeyUrn(toOutputs(model, state, values), inputs) };
}

/** Pulumi's way to take over an object: the `adoptId` input (dynamic resources cannot be imported). */
const pulumiAdopt = (ref: ObjectRef) => `set adoptId: "${ref.id}" on this resource and run \`pulumi up\` again`;

/**
 * The dynamic-provider server turns an error carrying `id` and `properties` into Pulumi's
 * partial-state result (ErrorResourceInitFailed): the object is recorded with its id, and the
 * next `pulumi up` completes it by an update.
 */
function createdButUnread(model: ResourceModel, e: CreatedUnreadError, inputs: PropertyBag): Error {
  const message = e.explain();
  // The secret stays out: these properties do not pass through additionalSecretOutputs. The
  // serialized provider goes in, or the object could not be updated or deleted later.
  const properties = { ...toOutputs(model, e.partial, {}), [PROVIDER_KEY]: inputs[PROVIDER_KEY] };
  return Object.assign(new Error(message), { id: e.ref.id, properties, reasons: [message] });
}

/**
 * Takes over an existing object instead of creating one: it must exist, and the fields that
 * would force a replacement must already match; the rest is brought to the declared state
 * by one in-place update (this is how an adopted key gets its secret).
 */
async function adopt(model: ResourceModel, id: string, values: Values, inputs: PropertyBag): Promise<dynamic.CreateResult> {
  const ref = { workspaceId: String(values.workspaceId), id };
  const existing = await model.read(api(), ref);
  if (!existing) {
    throw new Error(`Cannot adopt ${model.title} ${id}: it does not exist in workspace ${ref.workspaceId}. Check the id (getProviderApiKeys lists a workspace's keys), or remove adoptId to create a new ${model.title}.`);
  }
  const mismatched = replaceFields(model).filter((f) => f.prop !== 'workspaceId' && existing[f.prop] !== values[f.prop]);
  if (mismatched.length > 0) {
    const what = mismatched.map((f) => `${f.prop} is ${JSON.stringify(existing[f.prop])} but the program declares ${JSON.stringify(values[f.prop])}`).join('; ');
    throw new Error(`Cannot adopt ${model.title} ${id}: ${what}. Those cannot change in place; declare the existing values, or drop adoptId to create a new ${model.title}.`);
  }
  const { changed } = diffInputs(model, existing, values);
  const state = changed.length > 0 ? await model.update(api(), ref, values, changed) : existing;
  return { id, outs: withKeyUrn(toOutputs(model, state, values), inputs) };
}

export async function read(kind: string, id: string, props: PropertyBag): Promise<dynamic.ReadResult> {
  const model = modelFor(kind);
  const state = await model.read(api(), refOf(model, id, props));
  // Gone outside Pulumi: no id, so refresh drops it from the stack and the next `up` re-creates it.
  if (!state) return {};
  const outs = toOutputs(model, state, pickInputs(model, props));
  const inputs: PropertyBag = pickInputs(model, outs);
  if (props[ADOPT_KEY] !== undefined) inputs[ADOPT_KEY] = props[ADOPT_KEY];
  if (props[KEY_URN_INPUT] !== undefined) inputs[KEY_URN_INPUT] = props[KEY_URN_INPUT];
  return { id, props: outs, inputs };
}

export async function update(kind: string, id: string, olds: PropertyBag, news: PropertyBag): Promise<dynamic.UpdateResult> {
  const model = modelFor(kind);
  const values = pickInputs(model, news);
  const { changed, replaces } = diffInputs(model, pickInputs(model, olds), values);
  if (replaces.length > 0) throw new Error(`Internal error: asked to update ${model.title} ${id} in place although ${replaces.join(', ')} changed, which needs a replacement. Please report this to the flashback-iac maintainers.`);
  const state = await model.update(api(), refOf(model, id, olds), values, changed);
  return { outs: withKeyUrn(toOutputs(model, state, values), news) };
}

/** Deletes; a key still in use fails with core's message naming each dependent. */
async function remove(kind: string, id: string, props: PropertyBag): Promise<void> {
  const model = modelFor(kind);
  try {
    await model.delete(api(), refOf(model, id, props));
  } catch (e) {
    throw e instanceof KeyInUseConflictError ? e.withKeyProperty(KEY_REFERENCE.prop) : e;
  }
}
export { remove as delete };
