/**
 * The deletion guard: fails `pulumi preview` (and `up`, before anything is deleted) when the
 * update would delete a provider API key, removed from the program or replaced, while buckets
 * or AI models that the same update neither deletes nor re-points still use it.
 *
 * Nothing of a dynamic provider runs in preview for a deleted resource, so the check runs in
 * the program process, as `beforeDelete` resource hooks registered with `onDryRun: true`:
 * - every StorageBucket and AiLlm carries the dependent hook, which records the ids of the
 *   dependents this update deletes (deletes run dependents first, so they are recorded before
 *   the key's turn);
 * - every ProviderApiKey carries the key hook, which asks the API who uses the key and
 *   subtracts what the same update takes care of: dependents it deletes, and dependents this
 *   program registers pointing at another (or a not yet known, i.e. new) key.
 *
 * The hook names are stored in state with each resource and must be registered by every later
 * run that may delete it, including `pulumi destroy` (which therefore needs `--run-program`).
 * Every Flashback resource registers them; a program that no longer declares any calls
 * {@link registerDeletionGuard}.
 */
import * as pulumi from '@pulumi/pulumi';
import { DependentsLedger, NEW_KEY, type Dependent, type ObjectRef, conflictMessage, findDependents } from '../core';
import { CONFIG_KEYS, type PulumiSettings, clientFor, resolvePulumiSettings } from './settings';

/** Stable hook names: states refer to them. */
export const KEY_HOOK_NAME = 'flashback-provider-api-key-delete-guard';
export const DEPENDENT_HOOK_NAME = 'flashback-key-dependent-delete-ledger';

interface TrackedDependent {
  type: Dependent['type'];
  /** API id, once known (unknown in preview for a dependent being created or replaced). */
  id?: string;
  /** The key id it points at after this update; undefined when not known in preview. */
  keyId?: string;
  settled: Promise<void>;
}

/** What one program run knows; one per run (an Automation API host runs many in one process). */
export interface RunLedger {
  readonly settings: PulumiSettings;
  /** The hooks are bound to the resources this run registers (`flashback:previewGuard`, default true). */
  readonly enabled: boolean;
  readonly dependents: TrackedDependent[];
  /** URNs of the provider API keys this run registers: a deleted key among them is being replaced. */
  readonly keyUrns: Set<string>;
  readonly keyUrnsSettled: Promise<void>[];
  /** Ids of buckets and AI models whose deletion in this update already passed the dependent hook. */
  readonly deleting: Set<string>;
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
    dependents: [],
    keyUrns: new Set(),
    keyUrnsSettled: [],
    deleting: new Set(),
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
 * Registers the guard's hooks for this run. Flashback resources do it themselves; call it in
 * a program that no longer declares any Flashback resource while its stack still holds some
 * (otherwise the engine stops with `hook "flashback-..." was not registered`).
 */
export function registerDeletionGuard(): void {
  currentLedger();
}

interface Settled {
  known: boolean;
  value?: unknown;
}
interface OutputInternals {
  isKnown: Promise<boolean>;
  promise(withUnknowns?: boolean): Promise<unknown>;
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

/** Called by every ProviderApiKey. */
export function trackKey(res: pulumi.CustomResource): RunLedger {
  const ledger = currentLedger();
  ledger.keyUrnsSettled.push(
    settle(res.urn).then((u) => {
      if (u.known) ledger.keyUrns.add(String(u.value));
    }),
  );
  return ledger;
}

/** Called by every StorageBucket and AiLlm. */
/** `providerApiKeyId` as the program passed it (an input; a string once resolved, checked when it is). */
export function trackDependent(res: pulumi.CustomResource, type: Dependent['type'], providerApiKeyId: unknown): RunLedger {
  const ledger = currentLedger();
  const entry: TrackedDependent = { type, settled: Promise.resolve() };
  entry.settled = Promise.all([settle(res.id), settle(pulumi.output(providerApiKeyId))]).then(([id, keyId]) => {
    if (id.known && typeof id.value === 'string' && id.value !== '') entry.id = id.value;
    if (keyId.known && typeof keyId.value === 'string') entry.keyId = keyId.value;
  });
  ledger.dependents.push(entry);
  return ledger;
}

const plain = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export async function dependentBeforeDelete(ledger: RunLedger, args: pulumi.ResourceHookArgs): Promise<void> {
  if (args.id) ledger.deleting.add(args.id);
}

/** What the key hook decides, separated from the hook for tests. */
export function keyDeletionConflicts(ledger: RunLedger, key: ObjectRef, dependents: readonly Dependent[]): Dependent[] {
  const change = new DependentsLedger();
  for (const id of ledger.deleting) change.recordDeleting(id);
  // Registered with a known id: it points after this update at its keyId, or at a key not known yet (a replacement's new id).
  for (const d of ledger.dependents) if (d.id !== undefined) change.recordPlanned(d.id, d.keyId ?? NEW_KEY);
  return change.conflicts(key, dependents);
}

export async function keyBeforeDelete(ledger: RunLedger, args: pulumi.ResourceHookArgs): Promise<void> {
  const workspaceId = plain(args.oldOutputs?.workspaceId) ?? plain(args.oldInputs?.workspaceId);
  if (!args.id || !workspaceId) return;
  const key = { workspaceId, id: args.id };
  await Promise.all([...ledger.dependents.map((d) => d.settled), ...ledger.keyUrnsSettled]);
  const dependents = await findDependents(clientFor(ledger.settings), key);
  const conflicts = keyDeletionConflicts(ledger, key, dependents);
  if (conflicts.length > 0) throw new Error(conflictMessage(key, conflicts, ledger.keyUrns.has(args.urn) ? 'replace' : 'delete'));
}
