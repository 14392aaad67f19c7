/**
 * Shared fixtures for the CDKTF tests: one stack shaped like the example (a key shared by two
 * buckets and an AI model, the secret from a sensitive variable), buildable with the classes of
 * either `cdktf` or `cdktn`, and helpers to read the synthesized JSON.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as cdktf from 'cdktf';
import type * as flashback from '../../src/cdktf';

/** The parts of a CDK library the fixtures use; `cdktf` and `cdktn` both provide them. */
export interface CdkLibrary {
  readonly App: typeof cdktf.App;
  readonly Testing: typeof cdktf.Testing;
  readonly TerraformStack: typeof cdktf.TerraformStack;
  readonly TerraformVariable: typeof cdktf.TerraformVariable;
  readonly TerraformOutput: typeof cdktf.TerraformOutput;
}

export type FlashbackModule = typeof flashback;

/** The synthesized Terraform JSON, loosely typed for assertions. */
export interface TerraformJson {
  terraform?: { required_providers?: Record<string, { source?: string; version?: string }> };
  provider?: Record<string, Record<string, unknown>[]>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  variable?: Record<string, Record<string, unknown>>;
  output?: Record<string, Record<string, unknown>>;
  locals?: Record<string, unknown>;
}

/** Synthesizes one stack with validations, as `cdktf synth` would, and parses the JSON. */
export function synthJson(lib: Pick<CdkLibrary, 'Testing'>, stack: cdktf.TerraformStack): TerraformJson {
  return JSON.parse(lib.Testing.synth(stack, true)) as TerraformJson;
}

/** The message of what `run` throws (fails the test when it does not throw). */
export function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('expected an error, got none');
}

/**
 * The stack most tests use: provider with a workspace, a key whose secret is a sensitive
 * variable, two buckets and an AI model added to it, and usage outputs.
 */
export function sharedKeyStack(lib: CdkLibrary, fb: FlashbackModule, app = lib.Testing.app()): cdktf.TerraformStack {
  const stack = new lib.TerraformStack(app, 'shared-key');
  const token = new lib.TerraformVariable(stack, 'flashback_token', { type: 'string', sensitive: true });
  new fb.FlashbackProvider(stack, 'flashback', { apiUrl: 'https://api.flashback.example', token: token.stringValue, workspaceId: 'ws-main' });
  const secret = new lib.TerraformVariable(stack, 'aws_secret', { type: 'string', sensitive: true });
  const key = new fb.ProviderApiKey(stack, 'shared', {
    providerType: 'AWS',
    key: 'AKIAEXAMPLE',
    secret: secret.stringValue,
    secretVersion: 3,
    region: 'eu-west-1',
    deletionProtection: true,
  });
  key.addBucket('assets', { name: 'assets', bucket: 'acme-assets', storageType: 'S3' });
  key.addBucket('logs', { name: 'logs', bucket: 'acme-logs', storageType: 'S3', region: 'eu-west-1' });
  key.addAiLlm('assistant', { name: 'assistant', aiType: 'AWS' });
  new lib.TerraformOutput(stack, 'bucket_count', { value: key.bucketCount });
  new lib.TerraformOutput(stack, 'ai_llm_count', { value: key.aiLlmCount });
  return stack;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every file under `dir` whose content contains `needle`. */
export function filesContaining(dir: string, needle: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const hits: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) hits.push(...filesContaining(p, needle));
    else if (fs.readFileSync(p).includes(needle)) hits.push(p);
  }
  return hits;
}
