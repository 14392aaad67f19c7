import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { ErrorBody, type RouteDef, routes } from '../../src/client/contract';
import { type EmulatorOptions, type RunningEmulator, type Seed, startEmulator } from '../../src/emulator';

/**
 * One organisation, two workspaces and a user per role. `reader` reads alpha but writes
 * beta; `stranger` sees beta only.
 */
export const SEED: Seed = {
  org: { name: 'acme' },
  workspaces: [{ name: 'alpha' }, { name: 'beta' }],
  users: [
    { email: 'owner@acme.test', token: 'tok-owner-0000', refreshToken: 'ref-owner-0000', password: 'owner-password', orgRole: 'OWNER' },
    { email: 'administrator@acme.test', token: 'tok-administrator', orgRole: 'ADMINISTRATOR' },
    { email: 'admin@acme.test', token: 'tok-admin-0000', orgRole: 'MEMBER', workspaces: { alpha: 'ADMIN' } },
    { email: 'writer@acme.test', token: 'tok-writer-0000', orgRole: 'MEMBER', workspaces: { alpha: 'WRITE' } },
    { email: 'reader@acme.test', token: 'tok-reader-0000', orgRole: 'MEMBER', workspaces: { alpha: 'READ', beta: 'WRITE' } },
    { email: 'stranger@acme.test', token: 'tok-stranger-00', orgRole: 'MEMBER', workspaces: { beta: 'ADMIN' } },
  ],
};

export const TOKENS = {
  owner: 'tok-owner-0000',
  administrator: 'tok-administrator',
  admin: 'tok-admin-0000',
  writer: 'tok-writer-0000',
  reader: 'tok-reader-0000',
  stranger: 'tok-stranger-00',
} as const;
export type Caller = keyof typeof TOKENS;

export interface HttpResult {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
}

export interface CallOptions {
  /** A caller name from {@link TOKENS}, a literal token, or null for no Authorization header. */
  as?: Caller | string | null;
  body?: unknown;
  /** Sent verbatim (with `application/json` unless `headers` says otherwise). */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export interface TestEmulator {
  emu: RunningEmulator;
  dir: string;
  ws: { alpha: string; beta: string };
  call(method: string, path: string, opts?: CallOptions): Promise<HttpResult>;
  stop(): Promise<void>;
}

export function tempDir(prefix = 'fbe-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function httpCall(baseUrl: string, method: string, path: string, opts: CallOptions = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const as = opts.as === undefined ? 'owner' : opts.as;
  if (as !== null) headers.authorization = `Bearer ${as in TOKENS ? TOKENS[as as Caller] : as}`;
  let body: string | Buffer | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep the text */
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export async function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const dir = options.dataDir ?? tempDir();
  const emu = await startEmulator({ seed: SEED, validateResponses: true, masterKey: Buffer.alloc(32, 7), ...options, dataDir: dir });
  const wsId = (name: string): string => {
    const w = emu.seeded.workspaces.find((x) => x.name === name);
    if (!w) throw new Error(`no workspace ${name}`);
    return w.id;
  };
  return {
    emu,
    dir,
    ws: { alpha: wsId('alpha'), beta: wsId('beta') },
    call: (method, path, opts) => httpCall(emu.url, method, path, opts),
    stop: async () => {
      await emu.close();
      if (!options.dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Asserts a 200 whose body satisfies the route's contract schema, and returns it typed. */
export function expectOk<R extends RouteDef>(route: R, res: HttpResult): z.output<R['response']> {
  if (res.status !== 200) throw new Error(`expected 200 from ${route.method} ${route.path}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return route.response.parse(res.body) as z.output<R['response']>;
}

/** Asserts an error status with a contract error body, and returns its message. */
export function expectError(status: number, res: HttpResult): string {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return ErrorBody.parse(res.body).message;
}

/**
 * A secret shaped like a real one. The emulator scrubs any run of 6+ of its characters from
 * its messages, so a secret holding a word such as "secret" would also hide that word where a
 * message names a field.
 */
export const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE';

export const awsKey = (workspaceId: string, extra: Record<string, unknown> = {}) => ({
  workspaceId,
  key: 'AKIAEXAMPLE',
  secret: AWS_SECRET,
  provider: 'AWS',
  ...extra,
});

let seq = 0;
/** A unique suffix for names that must be unique (buckets per org, AI models per workspace). */
export const unique = (prefix: string): string => `${prefix}-${process.pid}-${++seq}`;

export async function createKey(t: TestEmulator, workspaceId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.call('POST', '/apikeys', { body: awsKey(workspaceId, extra) });
  return expectOk(routes.createApiKey, res).apiKeyId;
}

export async function createBucket(t: TestEmulator, workspaceId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const body = { workspaceId, name: unique('bucket'), bucket: 'my-bucket', storageType: 'S3', key: 'AKIAINLINE', secret: 'Zt7qLm2Xv9RpK4wB', ...extra };
  return expectOk(routes.createBucket, await t.call('POST', '/bucket', { body })).bucketId;
}

export async function createLlm(t: TestEmulator, workspaceId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const body = { workspaceId, name: unique('model'), aiType: 'OPENAI', key: 'sk-test-inline-key-12345678', ...extra };
  return expectOk(routes.createAiLlm, await t.call('POST', '/ai/llm', { body })).aiLlmId;
}

export async function listKeys(t: TestEmulator, workspaceId: string): Promise<z.output<typeof routes.listApiKeys.response>['apiKeys']> {
  return expectOk(routes.listApiKeys, await t.call('GET', `/apikeys?workspaceId=${workspaceId}`)).apiKeys;
}

export async function listBuckets(t: TestEmulator, workspaceId: string): Promise<z.output<typeof routes.listBuckets.response>['buckets']> {
  return expectOk(routes.listBuckets, await t.call('GET', `/bucket?workspaceId=${workspaceId}`)).buckets;
}

export async function listLlms(t: TestEmulator, workspaceId: string): Promise<z.output<typeof routes.listAiLlms.response>['aiLlms']> {
  return expectOk(routes.listAiLlms, await t.call('GET', `/ai/llm?workspaceId=${workspaceId}`)).aiLlms;
}
