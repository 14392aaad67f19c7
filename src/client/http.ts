import type { AxiosInstance, AxiosResponse } from 'axios';
import type { z } from 'zod';
import { formatZodIssues, routes, type RouteDef } from './contract';
import { TokenResponse } from './contract/auth';
import { DEFAULT_RETRY, resolveSettings, type ClientSettings, type RetryOptions } from './config';
import {
  AbortedError,
  ApiError,
  ConnectionError,
  InvalidRequestError,
  RateLimitedError,
  ResponseShapeError,
  UnauthorizedError,
  classifyHttpError,
  type RequestInfo,
} from './errors';
import { NEVER_SENT, abortedInFlight } from './outcome';
import { redact, scrub, sensitiveValues } from './redact';
import { extraCaAgent, untrustedHint } from './trusted-certificates';
import { loadAxios } from './load-axios';

const { default: axios, isAxiosError } = loadAxios();

export interface TransportOptions extends ClientSettings {
  retry?: Partial<RetryOptions>;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Opt-in debug log sink; lines are already redacted. `FLASHBACK_DEBUG=1` logs to stderr. */
  log?: (line: string) => void;
  /** Aborts every call made through this transport (StopProvider, Ctrl-C). */
  signal?: AbortSignal;
  userAgent?: string;
  env?: NodeJS.ProcessEnv;
  /** Replaceable for tests of the retry schedule. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

const CONNECTION_CODES = new Set([...NEVER_SENT, 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** TLS verification failures that mean the server's certificate chains to no CA this process trusts. */
const UNTRUSTED_CERTIFICATE_CODES = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT']);
const RETRY_STATUS_IDEMPOTENT = new Set([429, 502, 503, 504]);
/** For a create, only answers that prove the server did not act. */
const RETRY_STATUS_CREATE = new Set([429, 503]);

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}

function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

/**
 * One HTTP call with auth, retries, response validation and typed errors. Everything the
 * API client does goes through {@link Transport.call}.
 */
export class Transport {
  readonly apiUrl: string;
  private token: string | undefined;
  private refreshToken: string | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly retry: RetryOptions;
  private readonly http: AxiosInstance;
  private readonly log: ((line: string) => void) | undefined;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly signal: AbortSignal | undefined;
  private readonly env: NodeJS.ProcessEnv;
  private trustSettled = false;

  constructor(opts: TransportOptions = {}) {
    const env = opts.env ?? process.env;
    const settings = resolveSettings(opts, env);
    this.apiUrl = settings.apiUrl;
    this.token = settings.token;
    this.refreshToken = settings.refreshToken;
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.log = opts.log ?? (env.FLASHBACK_DEBUG === '1' ? (l) => process.stderr.write(`[flashback] ${l}\n`) : undefined);
    this.sleep = opts.sleep ?? defaultSleep;
    this.random = opts.random ?? Math.random;
    this.signal = opts.signal;
    this.env = env;
    this.http = axios.create({
      baseURL: this.apiUrl,
      timeout: opts.timeoutMs ?? 30_000,
      validateStatus: () => true,
      headers: { 'User-Agent': opts.userAgent ?? 'flashback-iac', Accept: 'application/json' },
      // Axios would otherwise pick up HTTP(S)_PROXY; an emulator on loopback must not be proxied.
      proxy: false,
    });
  }

  get hasToken(): boolean {
    return this.token !== undefined;
  }

  async call<R extends RouteDef>(route: R, opts: CallOptions = {}): Promise<z.infer<R['response']>> {
    const path = route.path.replace(/:(\w+)/g, (_, p: string) => encodeURIComponent(opts.params?.[p] ?? ''));
    const req: RequestInfo = { method: route.method, path };
    const secrets = sensitiveValues(opts.body);
    // The contract's limits hold before anything is sent: the same schemas the API validates with.
    if (route.body && opts.body !== undefined) {
      const checked = route.body.safeParse(opts.body);
      if (!checked.success) throw new InvalidRequestError(`refused before sending: ${scrub(formatZodIssues(checked.error), secrets)}`, undefined, req);
    }
    const signal = anySignal([this.signal, opts.signal]);
    const started = Date.now();
    const retryStatus = route.method === 'POST' ? RETRY_STATUS_CREATE : RETRY_STATUS_IDEMPOTENT;
    let refreshed = false;
    this.settleTrust();

    for (let attempt = 1; ; attempt++) {
      let res: AxiosResponse | undefined;
      let failure: ApiError;
      try {
        res = await this.send(route, path, opts, signal);
      } catch (err) {
        if (signal?.aborted) {
          const aborted = new AbortedError('the operation was cancelled', undefined, req);
          abortedInFlight.add(aborted);
          throw aborted;
        }
        const code = isAxiosError(err) ? err.code : undefined;
        const untrusted = UNTRUSTED_CERTIFICATE_CODES.has(code ?? '') ? ` (${untrustedHint(this.apiUrl, this.env)})` : '';
        failure = new ConnectionError(scrub(err instanceof Error ? err.message : String(err), secrets) + untrusted, req, code);
        const retryable = route.method === 'POST' ? NEVER_SENT.has(code ?? '') : CONNECTION_CODES.has(code ?? '');
        this.debug(`${route.method} ${path} -> connection error ${code ?? ''} (attempt ${attempt})`);
        if (!retryable) throw failure;
        await this.backoff(attempt, undefined, started, failure, signal, req);
        continue;
      }

      this.debug(`${route.method} ${path} -> ${res.status} in ${Date.now() - started} ms (attempt ${attempt})`);
      if (res.status >= 200 && res.status < 300) return this.parse(route, res, req);

      const message = scrub(this.messageOf(res), secrets);
      const retryAfter = parseRetryAfter(res.headers['retry-after']);
      failure = classifyHttpError(res.status, message, req, retryAfter);

      if (failure instanceof UnauthorizedError && this.refreshToken && !refreshed && (route as RouteDef) !== routes.refresh) {
        refreshed = true;
        await this.refreshAccessToken(signal);
        attempt--;
        continue;
      }
      if (!retryStatus.has(res.status)) throw failure;
      await this.backoff(attempt, retryAfter, started, failure, signal, req);
    }
  }

  /**
   * Before the first request to an HTTPS API: the extra CA certificates the launcher moved out of
   * Node.js's way, if any (trusted-certificates.ts). Throws ExtraCaCertificatesError, naming the
   * file, when they cannot be read.
   */
  private settleTrust(): void {
    if (this.trustSettled) return;
    if (/^https:/i.test(this.apiUrl)) {
      const agent = extraCaAgent(this.env);
      if (agent !== undefined) this.http.defaults.httpsAgent = agent;
    }
    this.trustSettled = true;
  }

  private async send(route: RouteDef, path: string, opts: CallOptions, signal: AbortSignal | undefined): Promise<AxiosResponse> {
    if (this.log && opts.body !== undefined) this.debug(`${route.method} ${path} body ${JSON.stringify(redact(opts.body))}`);
    return this.http.request({
      method: route.method,
      url: path,
      params: opts.query ? Object.fromEntries(Object.entries(opts.query).filter(([, v]) => v !== undefined)) : undefined,
      data: opts.body,
      headers: this.token ? { Authorization: `Bearer ${this.token}` } : {},
      signal,
    });
  }

  /** Waits before the next attempt, or throws `failure` when attempts or time are spent. */
  private async backoff(attempt: number, retryAfterS: number | undefined, started: number, failure: ApiError, signal: AbortSignal | undefined, req: RequestInfo): Promise<void> {
    if (attempt >= this.retry.maxAttempts) throw failure;
    const exp = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    const delay = retryAfterS !== undefined ? Math.min(retryAfterS * 1000, this.retry.retryAfterCapMs) : Math.round(exp / 2 + (this.random() * exp) / 2);
    if (Date.now() + delay - started > this.retry.deadlineMs) throw failure;
    this.debug(`retrying ${req.method} ${req.path} in ${delay} ms (${failure instanceof RateLimitedError ? 'rate limited' : failure.status ?? 'connection'})`);
    try {
      await this.sleep(delay, signal);
    } catch {
      throw new AbortedError('the operation was cancelled', undefined, req);
    }
  }

  private refreshAccessToken(signal: AbortSignal | undefined): Promise<void> {
    // Concurrent calls that all meet a 401 share one refresh.
    this.refreshing ??= (async () => {
      try {
        this.debug('access token refused; refreshing it');
        const body = await this.call(routes.refresh, { body: { refresh_token: this.refreshToken }, signal });
        const parsed = TokenResponse.parse(body);
        this.token = parsed.accessToken ?? parsed.access_token;
        this.refreshToken = parsed.refreshToken ?? parsed.refresh_token ?? this.refreshToken;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  private parse<R extends RouteDef>(route: R, res: AxiosResponse, req: RequestInfo): z.infer<R['response']> {
    const parsed = route.response.safeParse(res.data);
    if (!parsed.success) throw new ResponseShapeError(`the response does not match the API contract: ${formatZodIssues(parsed.error)}`, res.status, req);
    return parsed.data as z.infer<R['response']>;
  }

  private messageOf(res: AxiosResponse): string {
    const data: unknown = res.data;
    if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') return (data as { message: string }).message;
    if (typeof data === 'string' && data.trim() !== '' && data.length < 500) return data.trim();
    return res.statusText || `HTTP ${res.status}`;
  }

  private debug(line: string): void {
    this.log?.(line);
  }
}
