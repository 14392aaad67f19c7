/**
 * Where the Pulumi front end finds its credentials: stack config (`flashback:apiUrl`,
 * `flashback:token` set with `--secret`, `flashback:refreshToken`, `flashback:workspaceId`),
 * then the same environment variables as the Terraform provider. Never resource inputs, so no
 * credential reaches a resource's inputs, outputs or the serialized provider.
 *
 * Used in two processes: the dynamic-provider process (through `configure`) and the program
 * process (deletion guard hooks, `getProviderApiKeys`).
 */
import { FlashbackClient } from '../client';

/** The `flashback:` stack config keys, fully qualified (the provider process may not know the project name). */
export const CONFIG_KEYS = {
  apiUrl: 'flashback:apiUrl',
  token: 'flashback:token',
  refreshToken: 'flashback:refreshToken',
  workspaceId: 'flashback:workspaceId',
  previewGuard: 'flashback:previewGuard',
} as const;

/** Environment fallbacks for the same settings. */
export const ENV_KEYS = {
  apiUrl: 'FLASHBACK_API_URL',
  token: 'FLASHBACK_API_TOKEN',
  refreshToken: 'FLASHBACK_REFRESH_TOKEN',
  workspaceId: 'FLASHBACK_WORKSPACE_ID',
} as const;

export interface PulumiSettings {
  apiUrl?: string;
  token?: string;
  refreshToken?: string;
  /** Default workspace for resources that do not set `workspaceId`. */
  workspaceId?: string;
}

const nonEmpty = (v: string | undefined): string | undefined => (v !== undefined && v.trim() !== '' ? v : undefined);

/** Stack config first (through `get`, which takes a fully qualified key), then the environment. */
export function resolvePulumiSettings(get: (key: string) => string | undefined, env: NodeJS.ProcessEnv = process.env): PulumiSettings {
  const pick = (k: keyof typeof ENV_KEYS): string | undefined => nonEmpty(get(CONFIG_KEYS[k])) ?? nonEmpty(env[ENV_KEYS[k]]);
  return { apiUrl: pick('apiUrl'), token: pick('token'), refreshToken: pick('refreshToken'), workspaceId: pick('workspaceId') };
}

/** A client for one operation. Throws a message saying where to put the token when there is none. */
export function clientFor(s: PulumiSettings, opts: { cacheLists?: boolean } = {}): FlashbackClient {
  if (s.token === undefined) {
    throw new Error(
      `No Flashback API token: set it with \`pulumi config set --secret ${CONFIG_KEYS.token} <token>\` or the ${ENV_KEYS.token} environment variable (and the API URL with \`pulumi config set ${CONFIG_KEYS.apiUrl} <url>\` or ${ENV_KEYS.apiUrl}).`,
    );
  }
  return new FlashbackClient({ apiUrl: s.apiUrl, token: s.token, refreshToken: s.refreshToken, cacheLists: opts.cacheLists });
}
