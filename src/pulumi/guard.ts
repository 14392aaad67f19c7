/**
 * The deletion guard: fails `pulumi preview` (and `up`, before anything is deleted) when the
 * update would delete a provider API key, removed from the program or replaced, while buckets
 * or AI models that the same update neither deletes nor re-points still use it.
 *
 * Nothing of a dynamic provider runs in preview for a deleted resource, so the check runs in
 * the program process, as `beforeDelete` resource hooks registered with `onDryRun: true`:
 * - every ProviderApiKey carries the key hook, which asks the API who uses the key and
 *   subtracts what the same update takes care of: dependents it deletes, and dependents this
 *   program registers pointing at another (or a not yet known, i.e. new) key;
 * - every StorageBucket and AiLlm carries the dependent hook. In a preview it records that the
 *   update deletes the dependent (deletes run dependents first, so the key's turn sees it). In
 *   an update (`up --skip-preview`, the Automation API's `up`), where deleting dependents and
 *   then failing on the key would leave the removal half done, it holds the dependent back when
 *   its key is deleted by the same update and that deletion will be refused. It knows its key
 *   by the key's URN, kept in its own inputs ({@link KEY_URN_INPUT}), and which of the key's
 *   dependents belong to this stack from the stack's last saved state (the engine's
 *   `readStackResourceOutputs`, one read per update), so the answer does not depend on the
 *   order the engine runs the deletions in.
 *
 * The hook names are stored in state with each resource and must be registered by every later
 * run that may delete it, including `pulumi destroy` (which therefore needs `--run-program`).
 * Every Flashback resource registers them, and so does loading this package inside a program
 * run; an Automation API inline program that declares none any more calls
 * {@link registerDeletionGuard}.
 */
import * as pulumi from '@pulumi/pulumi';
import {
  DependentsLedger,
  KEY_REFERENCE,
  NEW_KEY,
  type Dependent,
  type ObjectRef,
  conflictMessage,
  consumerLabel,
  findDependents,
  keyConsumerModels,
} from '../core';
import { KEY_URN_INPUT } from './provider-impl';
import { CONFIG_KEYS, type PulumiSettings, clientFor, resolvePulumiSettings } from './settings';

export { KEY_URN_INPUT };

/** Stable hook names: states refer to them. */
export const KEY_HOOK_NAME = 'flashback-provider-api-key-delete-guard';
export const DEPENDENT_HOOK_NAME = 'flashback-key-dependent-delete-ledger';

interface TrackedDependent {
  type: Dependent['type'];
  /** Its URN, once known (always known by the time any deletion runs). */
  urn?: string;
  /** API id, once known (unknown in preview for a dependent being created or replaced). */
  id?: string;
  /** The key id it points at after this update; undefined when not known in preview. */
  keyId?: string;
  settled: Promise<void>;
}

/** A Flashback consumer as the stack's last saved state holds it. */
export interface StackDependent {
  urn: string;
  type: Dependent['type'];
  name?: string;
  workspaceId?: string;
}

/** What one program run knows; one per run (an Automation API host runs many in one process). */
export interface RunLedger {
  readonly settings: PulumiSettings;
  /** The hooks are bound to the resources this run registers (`flashback:previewGuard`, default true). */
  readonly enabled: boolean;
  /** A preview: nothing is deleted, so no dependent needs holding back (the key's hook fails the preview). */
  readonly dryRun?: boolean;
  readonly dependents: TrackedDependent[];
  /** URNs of the buckets and AI models this run registers: a deleted one among them is being replaced, not removed. */
  readonly dependentUrns?: Set<string>;
  readonly dependentUrnsSettled?: Promise<void>[];
  /** URNs of the provider API keys this run registers: a deleted key among them is being replaced. */
  readonly keyUrns: Set<string>;
  readonly keyUrnsSettled: Promise<void>[];
  /** The id each registered key has after this update (a replaced key's new id; unknown in preview). */
  readonly keyIds?: Map<string, string>;
  readonly keyIdsSettled?: Promise<void>[];
  /** Registered keys with `deleteBeforeReplace`: a replacement deletes the old key before re-pointing anything. */
  readonly deleteBeforeReplace?: Set<string>;
  /** Ids of buckets and AI models whose deletion in this update already passed the dependent hook. */
  readonly deleting: Set<string>;
  /** The Flashback consumers in the stack's last saved state; read once per update, on first need. */
  readStack?: () => Promise<StackDependent[] | undefined>;
  /** One decision per key id, shared by all its dependents' hooks (one API call per key). */
  readonly decisions?: Map<string, Promise<Dependent[]>>;
  /** Key ids whose conflict has been reported in full by one dependent's hook. */
  readonly reported?: Set<string>;
  keyHook?: pulumi.ResourceHook;
  dependentHook?: pulumi.ResourceHook;
}

const ledgers = new WeakMap<object, RunLedger>();
const noMonitor = {};

function monitorSupportsHooks(): boolean {
  const m = pulumi.runtime.getMonitor() as { registerResourceHook?: unknown } | undefined;
  // Mocks (pulumi.runtime.setMocks) have no registerResourceHook: pulumi/pulumi#20874.
  return typeof m?.registerResourceHook === 'function';
}

function programSettings(): { settings: PulumiSettings; guard: boolean } {
  const cfg = new pulumi.Config('flashback');
  const get = (full: string) => cfg.get(full.slice('flashback:'.length));
  const guard = get(CONFIG_KEYS.previewGuard);
  return { settings: resolvePulumiSettings(get), guard: guard === undefined || !/^(false|0|off|no)$/i.test(guard) };
}

const kindByToken = new Map<string, Dependent['type']>(keyConsumerModels.map((m) => [`pulumi-nodejs:dynamic/flashback:${m.pulumiName}`, m.kind]));

/** The Flashback consumers in a `readStackResourceOutputs` answer (URN → { type, outputs }). */
export function stackDependentsOf(outputs: unknown): StackDependent[] {
  if (typeof outputs !== 'object' || outputs === null) return [];
  const found: StackDependent[] = [];
  for (const [urn, entry] of Object.entries(outputs as Record<string, { type?: unknown; outputs?: Record<string, unknown> }>)) {
    const type = typeof entry?.type === 'string' ? kindByToken.get(entry.type) : undefined;
    if (type === undefined) continue;
    found.push({ urn, type, name: plain(entry.outputs?.name), workspaceId: plain(entry.outputs?.workspaceId) });
  }
  return found;
}

/**
 * The stack's last saved state, through the engine (no Flashback API call). Undefined when the
 * backend cannot answer; the guard then holds nothing back and the key's delete still refuses.
 */
async function readOwnStack(): Promise<StackDependent[] | undefined> {
  try {
    const stackName = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
    const r = (await pulumi.runtime.invoke('pulumi:pulumi:readStackResourceOutputs', { stackName }, {})) as { outputs?: unknown };
    return stackDependentsOf(r.outputs);
  } catch {
    return undefined;
  }
}

/**
 * In an update, the stack's state is read while the program runs: the engine answers an invoke
 * from the program, not from a hook called back once the program is done (that call hangs).
 * The read happens before any deletion, so it is the state the update started from.
 */
function stackReader(): () => Promise<StackDependent[] | undefined> {
  if (pulumi.runtime.isDryRun()) return async () => undefined;
  const read = readOwnStack();
  return () => read;
}

/** The ledger of the current program run, created (with its hooks registered) on first use. */
export function currentLedger(): RunLedger {
  const monitor = (pulumi.runtime.getMonitor() as object | undefined) ?? noMonitor;
  let ledger = ledgers.get(monitor);
  if (ledger) return ledger;
  const { settings, guard } = programSettings();
  const supported = monitorSupportsHooks();
  const created: RunLedger = {
    settings,
    enabled: guard && supported,
    dryRun: pulumi.runtime.isDryRun(),
    dependents: [],
    dependentUrns: new Set(),
    dependentUrnsSettled: [],
    keyUrns: new Set(),
    keyUrnsSettled: [],
    keyIds: new Map(),
    keyIdsSettled: [],
    deleteBeforeReplace: new Set(),
    deleting: new Set(),
    readStack: stackReader(),
    decisions: new Map(),
    reported: new Set(),
  };
  ledger = created;
  ledgers.set(monitor, ledger);
  if (supported) {
    // Registered even with the guard off (then as no-ops and bound to nothing new): resources created while it was on
    // carry the hook names in state, and the engine refuses to delete them when the names are not registered.
    const keyHook = new pulumi.ResourceHook(KEY_HOOK_NAME, (args) => (guard ? keyBeforeDelete(created, args) : undefined), { onDryRun: true });
    const dependentHook = new pulumi.ResourceHook(DEPENDENT_HOOK_NAME, (args) => (guard ? dependentBeforeDelete(created, args) : undefined), { onDryRun: true });
    if (guard) {
      created.keyHook = keyHook;
      created.dependentHook = dependentHook;
    }
  }
  return ledger;
}

/**
 * Registers the guard's hooks for this run. Flashback resources do it themselves, and so does
 * loading this package inside a program run (a Pulumi CLI program that keeps
 * `import "flashback-iac/pulumi"`). Call it in an Automation API inline program that no longer
 * declares any Flashback resource while its stack still holds some (otherwise the engine stops
 * with `hook "flashback-..." was not registered`).
 */
export function registerDeletionGuard(): void {
  currentLedger();
}

/**
 * Called once when this module loads: inside a program run (the language host loads the program,
 * and this package with it, after connecting to the engine) the hooks are registered at once, so
 * a program whose Flashback resources are all gone can still delete them.
 */
export function registerWhenLoadedInRun(): void {
  try {
    if (monitorSupportsHooks()) currentLedger();
  } catch {
    // Not in a run (a plain import, a unit test): the first resource registers them.
  }
}

interface Settled {
  known: boolean;
  value?: unknown;
}
interface OutputInternals {
  isKnown: Promise<boolean>;
  promise(withUnknowns?: boolean): Promise<unknown>;
  resources(): Set<unknown>;
}

/** Waits until an output has resolved, known or not (in preview many values stay unknown). */
async function settle(o: pulumi.Output<unknown>): Promise<Settled> {
  const i = o as unknown as Partial<OutputInternals>;
  try {
    if (i.isKnown instanceof Promise && typeof i.promise === 'function') {
      const known = await i.isKnown;
      return known ? { known, value: await i.promise() } : { known };
    }
  } catch {
    return { known: false };
  }
  // Older SDKs: record the value when it is known; never wait for it.
  const s: Settled = { known: false };
  o.apply((v) => {
    s.known = true;
    s.value = v;
  });
  return s;
}

/**
 * The URN of the ProviderApiKey of this program that `providerApiKeyId` comes from (`key.id`),
 * as an output; undefined for a literal id or a key from elsewhere.
 */
export function keyUrnOf(providerApiKeyId: unknown, isKey: (r: unknown) => r is pulumi.CustomResource): pulumi.Output<string> | undefined {
  if (!pulumi.Output.isInstance(providerApiKeyId)) return undefined;
  const i = providerApiKeyId as unknown as Partial<OutputInternals>;
  if (typeof i.resources !== 'function') return undefined;
  const keys = [...i.resources()].filter(isKey);
  return keys.length === 1 ? keys[0].urn : undefined;
}

/**
 * Called by every ProviderApiKey. Its URN is computed here rather than awaited: the engine
 * answers a registration only once the key's step is done, and a delete-before-replace runs
 * the old key's delete hook inside that step.
 */
export function trackKey(res: pulumi.CustomResource, name: string, type: string, opts?: pulumi.CustomResourceOptions): RunLedger {
  const ledger = currentLedger();
  const urn = urnOf(name, type, opts);
  ledger.keyUrnsSettled.push(
    settle(urn).then((u) => {
      if (!u.known) return;
      ledger.keyUrns.add(String(u.value));
      if (opts?.deleteBeforeReplace) ledger.deleteBeforeReplace?.add(String(u.value));
    }),
  );
  ledger.keyIdsSettled?.push(
    Promise.all([settle(urn), settle(res.id)]).then(([u, id]) => {
      if (u.known && id.known && typeof id.value === 'string' && id.value !== '') ledger.keyIds?.set(String(u.value), id.value);
    }),
  );
  return ledger;
}

/** The URN the engine will give a resource, known before its registration completes. */
function urnOf(name: string, type: string, opts?: pulumi.CustomResourceOptions): pulumi.Output<string> {
  return opts?.parent ? pulumi.createUrn(name, type, opts.parent) : pulumi.createUrn(name, type);
}

/**
 * Called by every StorageBucket and AiLlm. `providerApiKeyId` as the program passed it (an
 * input; a string once resolved, checked when it is).
 */
export function trackDependent(res: pulumi.CustomResource, name: string, type: string, kind: Dependent['type'], providerApiKeyId: unknown, opts?: pulumi.CustomResourceOptions): RunLedger {
  const ledger = currentLedger();
  const entry: TrackedDependent = { type: kind, settled: Promise.resolve() };
  const urn = settle(urnOf(name, type, opts)).then((u) => {
    if (u.known) {
      entry.urn = String(u.value);
      ledger.dependentUrns?.add(entry.urn);
    }
  });
  ledger.dependentUrnsSettled?.push(urn);
  entry.settled = Promise.all([urn, settle(res.id), settle(pulumi.output(providerApiKeyId))]).then(([, id, keyId]) => {
    if (id.known && typeof id.value === 'string' && id.value !== '') entry.id = id.value;
    if (keyId.known && typeof keyId.value === 'string') entry.keyId = keyId.value;
  });
  ledger.dependents.push(entry);
  return ledger;
}

const plain = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Everything this run registered, resolved (by the time a removed resource is deleted, it all is). */
async function registered(ledger: RunLedger): Promise<void> {
  await Promise.all([...ledger.dependents.map((d) => d.settled), ...ledger.keyUrnsSettled, ...(ledger.keyIdsSettled ?? [])]);
}

/**
 * What the key hook decides, separated from the hook for tests. `stack`, the consumers of the
 * stack's last saved state, adds what the update deletes before any deletion has run: the
 * consumers of this stack that the program no longer registers (matched to the API's by kind,
 * workspace and name, which the API keeps unique).
 */
export function keyDeletionConflicts(ledger: RunLedger, key: ObjectRef, dependents: readonly Dependent[], stack?: readonly StackDependent[]): Dependent[] {
  const change = new DependentsLedger();
  for (const id of ledger.deleting) change.recordDeleting(id);
  // Registered with a known id: it points after this update at its keyId, or at a key not known yet (a replacement's new id).
  for (const d of ledger.dependents) if (d.id !== undefined) change.recordPlanned(d.id, d.keyId ?? NEW_KEY);
  if (stack) {
    const kept = new Set(ledger.dependents.map((d) => d.urn));
    const removed = new Set(stack.filter((s) => !kept.has(s.urn)).map((s) => `${s.type}\n${s.workspaceId}\n${s.name}`));
    for (const d of dependents) if (removed.has(`${d.type}\n${d.workspaceId}\n${d.name}`)) change.recordDeleting(d.id);
  }
  return change.conflicts(key, dependents);
}

export type KeyFate = 'kept' | 'deleted';

/**
 * Whether this update deletes the key a removed dependent used, known from the key's URN: the
 * program registers no key with that URN any more (removed), or registers it with another id
 * (replaced). Only meaningful once the program has registered everything.
 */
export function keyFate(ledger: RunLedger, keyUrn: string, keyId: string): KeyFate {
  if (!ledger.keyUrns.has(keyUrn)) return 'deleted';
  return ledger.keyIds?.get(keyUrn) === keyId ? 'kept' : 'deleted';
}

function dependentRef(args: pulumi.ResourceHookArgs): { key: ObjectRef; keyUrn: string } | undefined {
  const keyId = plain(args.oldOutputs?.[KEY_REFERENCE.prop]) ?? plain(args.oldInputs?.[KEY_REFERENCE.prop]);
  const workspaceId = plain(args.oldOutputs?.workspaceId) ?? plain(args.oldInputs?.workspaceId);
  const keyUrn = plain(args.oldInputs?.[KEY_URN_INPUT]) ?? plain(args.oldOutputs?.[KEY_URN_INPUT]);
  return keyId && workspaceId && keyUrn ? { key: { workspaceId, id: keyId }, keyUrn } : undefined;
}

const kindOfType = (type: string): string => consumerLabel(kindByToken.get(type) ?? 'storage_bucket');

export async function dependentBeforeDelete(ledger: RunLedger, args: pulumi.ResourceHookArgs): Promise<void> {
  if (args.id) ledger.deleting.add(args.id);
  if (ledger.dryRun !== false) return;
  const ref = dependentRef(args);
  // A literal key id, a key from elsewhere, or a state written before the key URN was kept: nothing to hold back.
  if (!ref) return;
  // A replacement, not a removal (and with deleteBeforeReplace it runs inside its own registration: never wait for it).
  await Promise.all(ledger.dependentUrnsSettled ?? []);
  if (ledger.dependentUrns?.has(args.urn)) return;
  await registered(ledger);
  if (keyFate(ledger, ref.keyUrn, ref.key.id) === 'kept') return;
  const decisions = ledger.decisions ?? new Map<string, Promise<Dependent[]>>();
  let decided = decisions.get(ref.key.id);
  if (!decided) {
    decided = (async () => {
      const stack = await ledger.readStack?.();
      // Without the stack's state the dependents of this stack cannot be told from others: hold nothing back.
      if (!stack) return [];
      return keyDeletionConflicts(ledger, ref.key, await findDependents(clientFor(ledger.settings), ref.key), stack);
    })();
    decisions.set(ref.key.id, decided);
  }
  const conflicts = await decided;
  if (conflicts.length === 0) return;
  const what = `${kindOfType(args.type)} "${args.name}" (id ${args.id})`;
  const first = !(ledger.reported?.has(ref.key.id) ?? false);
  ledger.reported?.add(ref.key.id);
  const removal = ledger.keyUrns.has(ref.keyUrn) ? 'replace' : 'delete';
  throw new Error(
    first
      ? `Not deleting ${what}, nor any other bucket or AI model of this stack that uses provider API key ${ref.key.id}: this update deletes that key too, and that would fail, leaving the removal half done. ${conflictMessage(ref.key, conflicts, removal, undefined, KEY_REFERENCE.prop)}`
      : `Not deleting ${what}: its provider API key ${ref.key.id} cannot be deleted in this update (the error on another of its dependents names what still uses it).`,
  );
}

const DELETE_BEFORE_REPLACE_FIX =
  'This key has the deleteBeforeReplace option, so Pulumi deletes the old key before it points anything at the new one. Remove deleteBeforeReplace: Pulumi then creates the new key, updates the resources that take its id (providerApiKeyId: key.id), and deletes the old key last.';

export async function keyBeforeDelete(ledger: RunLedger, args: pulumi.ResourceHookArgs): Promise<void> {
  const workspaceId = plain(args.oldOutputs?.workspaceId) ?? plain(args.oldInputs?.workspaceId);
  if (!args.id || !workspaceId) return;
  const key = { workspaceId, id: args.id };
  // Delete-before-replace runs while the program still registers its dependents (they wait for the new key's id):
  // waiting for them would deadlock, and none of them can have moved yet, so every live dependent blocks.
  await Promise.all(ledger.keyUrnsSettled);
  if (ledger.deleteBeforeReplace?.has(args.urn)) {
    const dependents = await findDependents(clientFor(ledger.settings), key);
    if (dependents.length > 0) throw new Error(`${conflictMessage(key, dependents, 'replace', undefined, KEY_REFERENCE.prop)}\n${DELETE_BEFORE_REPLACE_FIX}`);
    return;
  }
  await Promise.all([...ledger.dependents.map((d) => d.settled), ...ledger.keyUrnsSettled]);
  const dependents = await findDependents(clientFor(ledger.settings), key);
  const conflicts = keyDeletionConflicts(ledger, key, dependents);
  if (conflicts.length > 0) throw new Error(conflictMessage(key, conflicts, ledger.keyUrns.has(args.urn) ? 'replace' : 'delete', undefined, KEY_REFERENCE.prop));
}
