/** Where the client's settings come from: explicit values first, then the environment. */
export const DEFAULT_API_URL = 'https://backend.flashback.tech';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest `Retry-After` we honour; a longer one is cut to this. */
  retryAfterCapMs: number;
  /** No retry starts after this long since the call began. */
  deadlineMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  retryAfterCapMs: 60_000,
  deadlineMs: 120_000,
};

export interface ClientSettings {
  apiUrl?: string;
  token?: string;
  refreshToken?: string;
}

export interface ResolvedSettings {
  apiUrl: string;
  token: string | undefined;
  refreshToken: string | undefined;
  /** Which source each value came from, for diagnostics that tell users where to look. */
  sources: { apiUrl: 'config' | 'env' | 'default'; token: 'config' | 'env' | 'none' };
}

const nonEmpty = (v: string | undefined): string | undefined => (v && v.trim() !== '' ? v : undefined);

export function resolveSettings(cfg: ClientSettings, env: NodeJS.ProcessEnv = process.env): ResolvedSettings {
  const urlCfg = nonEmpty(cfg.apiUrl);
  const urlEnv = nonEmpty(env.FLASHBACK_API_URL);
  const tokCfg = nonEmpty(cfg.token);
  const tokEnv = nonEmpty(env.FLASHBACK_API_TOKEN);
  return {
    apiUrl: (urlCfg ?? urlEnv ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    token: tokCfg ?? tokEnv,
    refreshToken: nonEmpty(cfg.refreshToken) ?? nonEmpty(env.FLASHBACK_REFRESH_TOKEN),
    sources: {
      apiUrl: urlCfg ? 'config' : urlEnv ? 'env' : 'default',
      token: tokCfg ? 'config' : tokEnv ? 'env' : 'none',
    },
  };
}
