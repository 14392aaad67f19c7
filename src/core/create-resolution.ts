/**
 * Creating an object so that an id the API returned is never lost and an ambiguous failure
 * never leaves an orphan or makes a duplicate. The API has no idempotency keys and answers a
 * create with the id alone, so:
 *
 * - after the create answers, the object is read back (the list is shared by the creates that
 *   finish together: src/client/list-cache.ts); if that read fails, the caller still gets the
 *   id and everything it sent ({@link CreatedUnreadError}), for the engine to record;
 * - after a failure where the server may have acted (connection lost after sending, 5xx but
 *   503, timeout: `createOutcomeUnknown`), the workspace is listed and the object the create
 *   would have made is looked for: created since the request began (less {@link CLOCK_SKEW_MS}),
 *   matching what was sent on the model's identifying props, and not already taken by another
 *   create of this client. One: it is the one, and is returned. None: it was not created
 *   ({@link CreateNotDoneError}). Several: {@link CreateAmbiguousError} names each;
 * - a create refused because the name is taken ({@link AlreadyExistsError}) says whether the
 *   existing object matches the configuration in every field, and how to take it over.
 *
 * - with a create journal (src/core/create-journal.ts, used by the Terraform provider), a create
 *   that an earlier run of the same working directory sent but the engine never recorded
 *   (the run was killed) is found again and taken over instead of being made twice.
 *
 * Adoption is automatic only where no doubt is possible: in the ambiguous case with a single
 * match (that object appeared after this request was sent, matches it, and no other create of
 * this process claimed it, so it can only be the one this request made), and for an
 * interrupted create of this working directory's own journal. Any other object that existed
 * before (a name taken, an identical key) may be managed by another configuration, and taking
 * it over silently could let two configurations delete each other's objects: the error gives
 * the engine's import or adoption command instead.
 */
import type { FlashbackClient } from '../client';
import { NameTakenError } from '../client/errors';
import { createOutcomeUnknown } from '../client/outcome';
import { type CreateJournal, type PendingCreate, createFingerprint } from './create-journal';
import type { ObjectRef, ResourceModel, Values } from './model';

/** How far the API's clock may trail ours when comparing `createdAt` with when a request began. */
export const CLOCK_SKEW_MS = 10_000;
/** The resolution's own budget when the create's signal has already fired (a timeout). */
const RESOLUTION_BUDGET_MS = 30_000;

/** How a model recognises the object a create made. */
export interface CreateIdentity {
  /** Every object of a workspace, as state (`createdAt` included). */
  list(client: FlashbackClient, workspaceId: string, signal?: AbortSignal): Promise<Values[]>;
  /** Props that single out the object: its unique name, or, without one, every field sent. */
  identifying: readonly string[];
  /** Where the identifying props are unique, when the API enforces it. */
  uniqueIn?: 'organisation' | 'workspace';
}

/** Formats the engine's command that takes an existing object into the configuration. */
export type AdoptCommand = (ref: ObjectRef) => string;

/** Engine-neutral: `<workspace_id>/<id>`, the import id every front end accepts. */
export const importId = (ref: ObjectRef): string => `${ref.workspaceId}/${ref.id}`;

export abstract class CreateResolutionError extends Error {
  constructor(
    readonly title: string,
    readonly workspaceId: string,
  ) {
    super();
  }

  /** The whole message, with the engine's own command for taking over an object. */
  abstract explain(adopt: AdoptCommand): string;

  /** Subclasses call this last in their constructor, once their fields are set. */
  protected setMessage(): void {
    this.message = this.explain((ref) => `import it with the id ${importId(ref)}`);
  }
}

/** The create answered with an id, and the object could not be read back. */
export class CreatedUnreadError extends CreateResolutionError {
  override readonly name = 'CreatedUnreadError';
  constructor(
    title: string,
    readonly ref: ObjectRef,
    /** The id and every field sent: the object as far as it is known without the API. */
    readonly partial: Values,
    readonly reason: string,
  ) {
    super(title, ref.workspaceId);
    this.setMessage();
  }

  explain(): string {
    return `The ${this.title} ${this.ref.id} was created in workspace ${this.workspaceId}, but reading it back failed (${this.reason}). It is recorded with what was sent; the fields only the API knows (such as created_at) are filled in by the next refresh.`;
  }
}

/** The create failed ambiguously, and nothing it could have made exists. */
export class CreateNotDoneError extends CreateResolutionError {
  override readonly name = 'CreateNotDoneError';
  constructor(
    title: string,
    workspaceId: string,
    readonly reason: string,
  ) {
    super(title, workspaceId);
    this.setMessage();
  }

  explain(): string {
    return `The ${this.title} was not created: the request failed (${this.reason}), and workspace ${this.workspaceId} holds no ${this.title} matching it created since. Nothing was left behind; run the operation again.`;
  }
}

/** The create failed ambiguously, and more than one object could be the one it made. */
export class CreateAmbiguousError extends CreateResolutionError {
  override readonly name = 'CreateAmbiguousError';
  constructor(
    title: string,
    workspaceId: string,
    readonly reason: string,
    readonly candidates: readonly ObjectRef[],
  ) {
    super(title, workspaceId);
    this.setMessage();
  }

  explain(adopt: AdoptCommand): string {
    if (this.candidates.length === 0) {
      return `The create of the ${this.title} failed (${this.reason}) after the API may have acted, and whether it made the object could not be checked. Before applying again, look in workspace ${this.workspaceId} for a ${this.title} matching this configuration and take it over (${adopt({ workspaceId: this.workspaceId, id: '<id>' })}), or the next apply may make a second one.`;
    }
    const list = this.candidates.map((c) => `  - ${c.id}: ${adopt(c)}`).join('\n');
    return `The create of the ${this.title} failed (${this.reason}) after the API may have acted, and ${this.candidates.length} objects in workspace ${this.workspaceId} match what was sent, created since:\n${list}\nTake over the one that is yours and delete the others; creating it again would make another.`;
  }
}

/** The name is taken. */
export class AlreadyExistsError extends CreateResolutionError {
  override readonly name = 'AlreadyExistsError';
  constructor(
    title: string,
    workspaceId: string,
    readonly reason: string,
    /** The object holding the name, when it is in the workspace (names of buckets are unique in the whole organisation). */
    readonly existing: ObjectRef | undefined,
    /** Props on which it differs from the configuration; empty: it matches in every field. */
    readonly differing: readonly string[],
  ) {
    super(title, workspaceId);
    this.setMessage();
  }

  explain(adopt: AdoptCommand): string {
    if (this.existing === undefined) {
      return `The ${this.title} cannot be created: ${this.reason}. The name is held outside workspace ${this.workspaceId}; choose another name.`;
    }
    const id = this.existing.id;
    if (this.differing.length === 0) {
      return `The ${this.title} already exists in workspace ${this.workspaceId} (id ${id}) and matches this configuration in every field, probably made by an earlier run that was interrupted. Take it over instead of creating it: ${adopt(this.existing)}.`;
    }
    return `The name is taken in workspace ${this.workspaceId} by the ${this.title} ${id}, which differs from this configuration in ${this.differing.join(', ')}. Choose another name, or take it over (${adopt(this.existing)}) and let the next apply bring those fields in line.`;
  }
}

const same = (a: unknown, b: unknown) => (a === undefined || a === null || a === '' ? undefined : a) === (b === undefined || b === null || b === '' ? undefined : b);

/** Ids handed out by each client's creates: never the answer to another create's question. */
const claimedByClient = new WeakMap<FlashbackClient, Set<string>>();
function claimed(client: FlashbackClient): Set<string> {
  let ids = claimedByClient.get(client);
  if (!ids) claimedByClient.set(client, (ids = new Set()));
  return ids;
}

const journals = new WeakMap<FlashbackClient, CreateJournal>();

/** Records this client's creates in `journal`, and takes back the interrupted ones it holds. */
export function useCreateJournal(client: FlashbackClient, journal: CreateJournal): void {
  journals.set(client, journal);
}

/** The engine holds the object `id`: an interrupted create that made it is no longer pending. */
export function settleCreate(client: FlashbackClient, id: string): void {
  journals.get(client)?.settle({ id });
}

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What is known of an object from its id and the inputs, write-only ones left out. */
function partialState(model: ResourceModel, input: Values, id: string): Values {
  const out: Values = { id };
  for (const f of model.fields) if (f.kind === 'input' && !f.writeOnly) out[f.prop] = input[f.prop];
  return out;
}

/**
 * Creates with `send` (which answers the new id) and returns the object's state, resolving
 * every failure where the server may have acted. See the file comment for the rules.
 */
export async function createObject(
  model: ResourceModel,
  client: FlashbackClient,
  input: Values,
  send: (signal?: AbortSignal) => Promise<string>,
  signal?: AbortSignal,
): Promise<Values> {
  const workspaceId = String(input.workspaceId);
  const journal = journals.get(client);
  const fingerprint = journal ? createFingerprint(model.kind, input, model.identity.identifying) : '';
  if (journal) {
    const pending = journal.pending(model.kind, fingerprint);
    if (pending.length > 0) {
      const taken = await takeOverInterrupted(model, client, input, pending, journal, signal);
      if (taken) return taken;
    }
  }
  const token = journal?.sent(model.kind, fingerprint);
  const startedAt = Date.now();
  let id: string;
  try {
    id = await send(signal);
  } catch (e) {
    if (createOutcomeUnknown(e)) {
      let resolved: Values;
      try {
        resolved = await resolveUnknown(model, client, input, startedAt, describe(e), signal);
      } catch (r) {
        if (token !== undefined && r instanceof CreateNotDoneError) journal?.settle({ token });
        throw r;
      }
      if (token !== undefined) journal?.created(token, String(resolved.id));
      return resolved;
    }
    if (token !== undefined) journal?.settle({ token });
    if (e instanceof NameTakenError) throw await alreadyExists(model, client, input, e.serverMessage, signal);
    throw e;
  }
  if (token !== undefined) journal?.created(token, id);
  claimed(client).add(id);
  const ref = { workspaceId, id };
  let state: Values | undefined;
  try {
    state = await model.read(client, ref, signal);
  } catch (e) {
    throw new CreatedUnreadError(model.title, ref, partialState(model, input, id), describe(e));
  }
  if (state === undefined) throw new CreatedUnreadError(model.title, ref, partialState(model, input, id), 'the list of its workspace does not hold it');
  return state;
}

/**
 * The object of an interrupted create of this working directory, when it still exists: by its
 * id when the answer was recorded, else the single object matching it created since it was
 * sent. Write-only fields (the secret) are sent again, since the configuration may have
 * changed them since. Entries whose object is gone are settled.
 */
async function takeOverInterrupted(model: ResourceModel, client: FlashbackClient, input: Values, pending: PendingCreate[], journal: CreateJournal, signal: AbortSignal | undefined): Promise<Values | undefined> {
  const workspaceId = String(input.workspaceId);
  const { identity } = model;
  const objects = await identity.list(client, workspaceId, signal);
  const ids = claimed(client);
  const matches = (o: Values) => identity.identifying.every((p) => same(o[p], input[p])) && !ids.has(String(o.id));
  for (const p of [...pending].sort((a, b) => b.at - a.at)) {
    const found = p.id !== undefined ? objects.filter((o) => o.id === p.id && matches(o)) : objects.filter((o) => matches(o) && Date.parse(String(o.createdAt)) >= p.at - CLOCK_SKEW_MS);
    if (found.length !== 1) {
      // Gone, never made, or not to be told apart: nothing to take back from this entry.
      if (found.length === 0) journal.settle({ token: p.token });
      continue;
    }
    const state = found[0];
    const ref = { workspaceId, id: String(state.id) };
    ids.add(ref.id);
    journal.settle({ token: p.token });
    const writeOnly = model.fields.filter((f) => f.writeOnly && input[f.prop] !== undefined).map((f) => f.prop);
    return writeOnly.length > 0 ? model.update(client, ref, input, writeOnly, signal) : state;
  }
  return undefined;
}

async function resolveUnknown(model: ResourceModel, client: FlashbackClient, input: Values, startedAt: number, reason: string, signal: AbortSignal | undefined): Promise<Values> {
  const workspaceId = String(input.workspaceId);
  const { identity } = model;
  let objects: Values[];
  try {
    objects = await identity.list(client, workspaceId, signal?.aborted ? AbortSignal.timeout(RESOLUTION_BUDGET_MS) : signal);
  } catch (e) {
    // Nothing can be said: the object may exist.
    throw new CreateAmbiguousError(model.title, workspaceId, `${reason}; looking for it failed too: ${describe(e)}`, []);
  }
  const ids = claimed(client);
  const matching = objects.filter((o) => identity.identifying.every((p) => same(o[p], input[p])) && !ids.has(String(o.id)));
  const since = startedAt - CLOCK_SKEW_MS;
  const created = matching.filter((o) => Date.parse(String(o.createdAt)) >= since);
  if (created.length === 1) {
    ids.add(String(created[0].id));
    return created[0];
  }
  if (created.length > 1) throw new CreateAmbiguousError(model.title, workspaceId, reason, created.map((o) => ({ workspaceId, id: String(o.id) })));
  // A unique name held by an older object: the create was refused for it.
  if (identity.uniqueIn && matching.length > 0) throw differingFrom(model, input, matching[0], `the name is taken (${reason})`);
  throw new CreateNotDoneError(model.title, workspaceId, reason);
}

async function alreadyExists(model: ResourceModel, client: FlashbackClient, input: Values, reason: string, signal: AbortSignal | undefined): Promise<AlreadyExistsError> {
  const workspaceId = String(input.workspaceId);
  let holder: Values | undefined;
  try {
    holder = (await model.identity.list(client, workspaceId, signal)).find((o) => model.identity.identifying.every((p) => same(o[p], input[p])));
  } catch {
    holder = undefined;
  }
  if (holder === undefined) return new AlreadyExistsError(model.title, workspaceId, reason, undefined, []);
  return differingFrom(model, input, holder, reason);
}

function differingFrom(model: ResourceModel, input: Values, holder: Values, reason: string): AlreadyExistsError {
  const workspaceId = String(input.workspaceId);
  const differing = model.fields.filter((f) => f.kind === 'input' && !f.writeOnly && !same(holder[f.prop], input[f.prop])).map((f) => f.name);
  return new AlreadyExistsError(model.title, workspaceId, reason, { workspaceId, id: String(holder.id) }, differing);
}
