import * as pulumi from '@pulumi/pulumi';
import { type Dependent, type ProviderApiKeyState, findDependents, resolveWorkspace } from '../core';
import { apiKeyState } from '../core/resources/provider-api-key';
import type { KnownProps } from './resource';
import { CONFIG_KEYS, ENV_KEYS, clientFor, resolvePulumiSettings } from './settings';

export interface GetProviderApiKeysArgs {
  /** Defaults to the `flashback:workspaceId` stack config (or FLASHBACK_WORKSPACE_ID). */
  workspaceId?: string;
}

/** One key of the workspace with what uses it. */
export type ProviderApiKeyUsage = KnownProps<ProviderApiKeyState> & {
  /** The buckets and AI models that use the key now. */
  dependents: Dependent[];
};

export interface GetProviderApiKeysResult {
  workspaceId: string;
  keys: ProviderApiKeyUsage[];
}

/**
 * The provider API keys of a workspace with their usage, read from the API when the program
 * runs (also during preview). Credentials come from stack config or the environment, as for
 * the resources. `key` is the credential's public part; wrap it with `pulumi.secret` before
 * exporting it. The secret is never returned by the API.
 */
export async function getProviderApiKeys(args: GetProviderApiKeysArgs = {}): Promise<GetProviderApiKeysResult> {
  const cfg = new pulumi.Config('flashback');
  const settings = resolvePulumiSettings((full) => cfg.get(full.slice('flashback:'.length)));
  const workspaceId = resolveWorkspace(args.workspaceId, () => settings.workspaceId);
  if (!workspaceId) throw new Error(`getProviderApiKeys needs a workspaceId: pass one, or set \`pulumi config set ${CONFIG_KEYS.workspaceId} <id>\` (or ${ENV_KEYS.workspaceId}).`);
  const client = clientFor(settings, { cacheLists: true });
  const keys = await client.apiKeys.list({ workspaceId });
  const usage = await Promise.all(
    keys.map(async (k): Promise<ProviderApiKeyUsage> => ({ ...apiKeyState(k, workspaceId), dependents: await findDependents(client, { workspaceId, id: k.id }) })),
  );
  return { workspaceId, keys: usage };
}

/** {@link getProviderApiKeys} taking an Input, for workspaces known only as outputs. */
export function getProviderApiKeysOutput(args: { workspaceId?: pulumi.Input<string> } = {}): pulumi.Output<GetProviderApiKeysResult> {
  return pulumi.output(args.workspaceId).apply((workspaceId) => getProviderApiKeys({ workspaceId }));
}
