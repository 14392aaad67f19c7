/**
 * `pulumi-resource-flashback`: the native Pulumi provider of the `flashback` package, serving
 * schema.json (`flashback:index:ProviderApiKey`, `StorageBucket`, `AiLlm`, the function
 * `getProviderApiKeys`) to programs in any Pulumi language.
 *
 * The lifecycle is the dynamic resources' own (../provider-impl: check, diff, create, read,
 * update, delete over the core models); this file adds what a native provider has on top:
 * type tokens in URNs instead of a serialized provider, secrets in Pulumi's wire form, the
 * provider configuration, `pulumi import` by `<workspace_id>/<id>`, and a warning at preview
 * when a replacement would delete a key that is still in use.
 */
import type * as provider from '@pulumi/pulumi/provider';
import { type ResourceModel, checkHttpUrl, checkNotBlank, conflictMessage, diffInputs, findDependents, inputFields, parseImportId, replaceFields } from '../../core';
import * as impl from '../provider-impl';
import type { PropertyBag } from '../provider-impl';
import { listKeyUsage } from '../get-provider-api-keys';
import { GET_KEYS_FUNCTION, PACKAGE_NAME, schemaText, token } from '../schema';
import { CONFIG_KEYS, ENV_KEYS, type PulumiSettings, clientFor, resolvePulumiSettings } from '../settings';
import type { EngineLog } from './engine-log';
import { unwrapSecrets, wireSecret, wrapSecrets } from './secrets';
import type { DetailedDiff, NativeProvider } from './server';

const SECRET_CONFIG = new Set(['token', 'refreshToken']);

/** `flashback:index:ProviderApiKey` (possibly behind a parent type, `a$b`) from a URN. */
export function modelOfUrn(urn: string): ResourceModel {
  const qualified = urn.split('::')[2] ?? '';
  const type = qualified.split('$').pop() ?? '';
  const [pkg, mod, name] = type.split(':');
  if (pkg !== PACKAGE_NAME || mod !== 'index' || !name) throw new Error(`The flashback provider does not serve the type "${type}" (URN ${urn}).`);
  return impl.modelFor(name);
}

const sensitiveProps = (m: ResourceModel): string[] => m.fields.filter((f) => f.sensitive).map((f) => f.prop);
const writeOnlyRequired = (m: ResourceModel) => inputFields(m).filter((f) => f.writeOnly && f.required);
const has = (bag: PropertyBag, prop: string): boolean => bag[prop] !== undefined && bag[prop] !== null && bag[prop] !== '';

/** JSON values only: Struct.fromJavaScript refuses `undefined`. */
const plainJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export class FlashbackProvider implements NativeProvider {
  readonly version: string;
  readonly schema: string;
  readonly secretConfig = [...SECRET_CONFIG];
  private settings: PulumiSettings = resolvePulumiSettings(() => undefined);

  constructor(
    private readonly log: EngineLog,
    version: string,
  ) {
    this.version = version;
    this.schema = schemaText();
  }

  // -------------------------------------------------------------------------------------------
  // Provider configuration: stack config `flashback:*` (or a `pulumi:providers:flashback`
  // resource's inputs), then the FLASHBACK_* environment.

  checkConfig(news: PropertyBag): provider.CheckFailure[] {
    const failures: provider.CheckFailure[] = [];
    const text = (k: string): string | undefined => (typeof news[k] === 'string' ? (news[k] as string) : undefined);
    const url = text('apiUrl');
    if (url !== undefined && url !== impl.UNKNOWN) {
      const issue = checkHttpUrl(url);
      if (issue) failures.push({ property: 'apiUrl', reason: `apiUrl ${issue.replace('such as https://s3.eu-west-1.amazonaws.com', 'such as https://backend.flashback.tech')}. Set it with \`pulumi config set ${CONFIG_KEYS.apiUrl} <url>\`.` });
    }
    for (const k of ['token', 'refreshToken', 'workspaceId'] as const) {
      const v = text(k);
      if (v !== undefined && v !== impl.UNKNOWN && checkNotBlank(v)) failures.push({ property: k, reason: `${k} must not be empty: remove it to use ${ENV_KEYS[k]}, or set a value with \`pulumi config set${SECRET_CONFIG.has(k) ? ' --secret' : ''} ${CONFIG_KEYS[k]} <value>\`.` });
    }
    return failures;
  }

  configure(values: PropertyBag): void {
    const get = (full: string): string | undefined => {
      const v = values[full.slice(`${PACKAGE_NAME}:`.length)];
      return typeof v === 'string' ? v : undefined;
    };
    impl.configure('', { config: { get } });
    this.settings = resolvePulumiSettings(get);
  }

  // -------------------------------------------------------------------------------------------
  // Resources.

  async check(urn: string, olds: PropertyBag, news: PropertyBag): Promise<provider.CheckResult> {
    const model = modelOfUrn(urn);
    const old = unwrapSecrets(olds).plain;
    const { plain, secret } = unwrapSecrets(news);
    const result = await impl.check(model.pulumiName, old, plain);
    // An imported object has no secret (the API never returns it) until the program sets one; `diff` asks for it
    // then. `pulumi import` itself checks the read inputs, where a missing secret is expected, not a provider bug.
    const imported = Object.keys(old).length > 0;
    const failures = (result.failures ?? []).filter((f) => !(imported && writeOnlyRequired(model).some((w) => w.prop === f.property && !has(old, w.prop) && !has(plain, w.prop))));
    return { inputs: wrapSecrets(result.inputs as PropertyBag, [...sensitiveProps(model), ...secret]), failures };
  }

  async diff(id: string, urn: string, olds: PropertyBag, news: PropertyBag): Promise<provider.DiffResult> {
    const { changes, replaces, deleteBeforeReplace } = await this.detailedDiff(id, urn, olds, news);
    return { changes, replaces, deleteBeforeReplace };
  }

  async detailedDiff(id: string, urn: string, olds: PropertyBag, news: PropertyBag): Promise<DetailedDiff> {
    const model = modelOfUrn(urn);
    const old = unwrapSecrets(olds).plain;
    const next = unwrapSecrets(news).plain;
    for (const f of writeOnlyRequired(model)) {
      if (!has(old, f.prop) && !has(next, f.prop)) {
        throw new Error(
          `${f.prop} is required: the ${model.title} ${id} was imported, and Flashback never returns its ${f.prop}, so the program must set it. Add \`${f.prop}\` (from a config secret: \`pulumi config set --secret <name> <value>\`); the next update then sets the ${f.prop} in place and changes nothing else.`,
        );
      }
    }
    const before = impl.pickInputs(model, old);
    const after = impl.pickInputs(model, next);
    const { changed, replaces } = diffInputs(model, before, after);
    if (replaces.length > 0 && model.pulumiName === 'ProviderApiKey') await this.warnReplacementInUse(model, id, urn, old, replaces);
    const kind = (p: string) => (before[p] === undefined ? 'add' : after[p] === undefined ? 'delete' : 'update');
    return { changes: changed.length > 0, replaces, changed: changed.map((p) => ({ prop: p, kind: kind(p), replace: replaces.includes(p) })), deleteBeforeReplace: false };
  }

  /** The engine calls `diff` at preview: name what still uses a key this update replaces. */
  private async warnReplacementInUse(model: ResourceModel, id: string, urn: string, old: PropertyBag, replaces: readonly string[]): Promise<void> {
    const workspaceId = typeof old.workspaceId === 'string' ? old.workspaceId : undefined;
    if (!workspaceId) return;
    const ref = { workspaceId, id };
    let dependents;
    try {
      dependents = await findDependents(clientFor(this.settings), ref);
    } catch (e) {
      await this.log.warn(urn, `This update replaces the ${model.title} ${id} but could not list what uses it: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (dependents.length === 0) return;
    const forcing = replaceFields(model).filter((f) => replaces.includes(f.prop)).map((f) => f.prop);
    await this.log.warn(
      urn,
      `Changing ${forcing.join(' and ')} replaces the key. ${conflictMessage(ref, dependents, 'replace')}\n` +
        'Pulumi creates the new key first, updates the resources of this stack that take its id (providerApiKeyId: ${key.id}), and deletes the old key last; ' +
        'the deletion fails if any resource listed is not among them. With the deleteBeforeReplace option the old key is deleted first, and the deletion fails.',
    );
  }

  async create(urn: string, inputs: PropertyBag): Promise<provider.CreateResult> {
    const model = modelOfUrn(urn);
    const { plain, secret } = unwrapSecrets(inputs);
    const result = await impl.create(model.pulumiName, plain);
    return { id: result.id, outs: wrapSecrets(result.outs as PropertyBag, [...sensitiveProps(model), ...secret]) };
  }

  /**
   * Refresh passes the state; `pulumi import` passes nothing but the id, `<workspace_id>/<id>`
   * (the API reads an object only through its workspace). The object's own id becomes the resource id.
   */
  async read(id: string, urn: string, props?: PropertyBag): Promise<provider.ReadResult> {
    const model = modelOfUrn(urn);
    const { plain, secret } = unwrapSecrets(props);
    const importing = Object.keys(plain).length === 0;
    const ref = importing ? parseImportId(id, model.title) : { workspaceId: String(plain.workspaceId ?? ''), id };
    const result = await impl.read(model.pulumiName, ref.id, { ...plain, workspaceId: ref.workspaceId });
    if (result.id === undefined) {
      if (importing) throw new Error(`Cannot import: there is no ${model.title} ${ref.id} in workspace ${ref.workspaceId} (or the token cannot see it). The import id is <workspace_id>/<id>; getProviderApiKeys lists a workspace's keys.`);
      // Gone outside Pulumi: a blank id makes refresh drop it from the stack.
      return { id: '', props: {} };
    }
    const secrets = [...sensitiveProps(model), ...secret];
    return { id: result.id, props: wrapSecrets(result.props as PropertyBag, secrets), inputs: wrapSecrets(result.inputs as PropertyBag, secrets) };
  }

  async update(id: string, urn: string, olds: PropertyBag, news: PropertyBag): Promise<provider.UpdateResult> {
    const model = modelOfUrn(urn);
    const { plain, secret } = unwrapSecrets(news);
    const result = await impl.update(model.pulumiName, id, unwrapSecrets(olds).plain, plain);
    return { outs: wrapSecrets(result.outs as PropertyBag, [...sensitiveProps(model), ...secret]) };
  }

  async delete(id: string, urn: string, props: PropertyBag): Promise<void> {
    await impl.delete(modelOfUrn(urn).pulumiName, id, unwrapSecrets(props).plain);
  }

  // -------------------------------------------------------------------------------------------
  // Functions.

  async invoke(tok: string, inputs: PropertyBag): Promise<provider.InvokeResult> {
    if (tok !== token(GET_KEYS_FUNCTION)) throw new Error(`The flashback provider has no function "${tok}"; it serves ${token(GET_KEYS_FUNCTION)}.`);
    const args = unwrapSecrets(inputs).plain;
    const workspaceId = typeof args.workspaceId === 'string' && args.workspaceId !== '' ? args.workspaceId : this.settings.workspaceId;
    if (!workspaceId) {
      return { failures: [{ property: 'workspaceId', reason: `workspaceId is required: pass it, or set \`pulumi config set ${CONFIG_KEYS.workspaceId} <id>\` (or ${ENV_KEYS.workspaceId}).` }] };
    }
    const keys = await listKeyUsage(clientFor(this.settings, { cacheLists: true }), workspaceId);
    // The credential's public part stays a secret, as on the resource.
    return { outputs: { workspaceId, keys: plainJson(keys).map((k) => ({ ...k, key: wireSecret(k.key) })) } };
  }
}
