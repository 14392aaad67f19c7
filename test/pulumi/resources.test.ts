/**
 * Program-side wiring under Pulumi mocks: type tokens, the inputs each resource registers (all fields, secret inputs,
 * adoptId), and the serialized provider each one carries: a small shim capturing nothing but strings.
 */
import * as pulumi from '@pulumi/pulumi';
import { AiLlm, ProviderApiKey, type ProviderApiKeyArgs, StorageBucket, pulumiTypeToken } from '../../src/pulumi';
import { currentLedger } from '../../src/pulumi/guard';
import { IMPL_SPECIFIER, implCandidates } from '../../src/pulumi/shim';
import { providerApiKey, storageBucket, aiLlm } from '../../src/core';

const registered: pulumi.runtime.MockResourceArgs[] = [];
const TOKEN_IN_ENV = 'fbe_must-never-reach-state-0123456789';

beforeAll(async () => {
  process.env.FLASHBACK_API_TOKEN = TOKEN_IN_ENV;
  process.env.FLASHBACK_API_URL = 'https://api.example.test';
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(args);
        return { id: `${args.name}-id`, state: { ...args.inputs, createdAt: '2026-01-01T00:00:00Z' } };
      },
      call: (args) => args.inputs,
    },
    'flashback-unit',
    'dev',
  );
});
afterAll(() => {
  delete process.env.FLASHBACK_API_TOKEN;
  delete process.env.FLASHBACK_API_URL;
});

const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply(resolve));

describe('Flashback resources under mocks', () => {
  let key: ProviderApiKey;
  let bucket: StorageBucket;
  let llm: AiLlm;

  beforeAll(async () => {
    key = new ProviderApiKey('k', { workspaceId: 'ws-1', providerType: 'AWS', key: 'AKIA-PUBLIC', secret: pulumi.output('the-secret-value') });
    bucket = new StorageBucket('b', { providerApiKeyId: key.id, name: 'logs', bucket: 'acme-logs', storageType: 'S3' });
    llm = AiLlm.adopt('l', 'existing-llm', { providerApiKeyId: key.id, name: 'assistant', aiType: 'OPENAI' });
    await Promise.all([valueOf(key.id), valueOf(bucket.id), valueOf(llm.id)]);
  });

  it('registers under pulumi-nodejs:dynamic/flashback:<Name> (module "flashback")', () => {
    expect(registered.map((r) => [r.name, r.type]).sort()).toEqual([
      ['b', 'pulumi-nodejs:dynamic/flashback:StorageBucket'],
      ['k', 'pulumi-nodejs:dynamic/flashback:ProviderApiKey'],
      ['l', 'pulumi-nodejs:dynamic/flashback:AiLlm'],
    ]);
    expect(ProviderApiKey.__pulumiType).toBe(pulumiTypeToken(providerApiKey));
    expect(StorageBucket.__pulumiType).toBe(pulumiTypeToken(storageBucket));
    expect(AiLlm.__pulumiType).toBe(pulumiTypeToken(aiLlm));
  });

  it('registers key and secret as secret inputs, passes the rest (and adoptId) through, and exposes typed outputs', async () => {
    const k = registered.find((r) => r.name === 'k')!;
    const secret = (value: string) => ({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value });
    expect(k.inputs).toMatchObject({ workspaceId: 'ws-1', providerType: 'AWS', key: secret('AKIA-PUBLIC'), secret: secret('the-secret-value') });
    const l = registered.find((r) => r.name === 'l')!;
    expect(l.inputs).toMatchObject({ adoptId: 'existing-llm', providerApiKeyId: 'k-id', aiType: 'OPENAI' });
    expect(await valueOf(key.providerType)).toBe('AWS');
    expect(await valueOf(bucket.providerApiKeyId)).toBe('k-id');
    expect(await valueOf(llm.createdAt)).toBe('2026-01-01T00:00:00Z');
  });

  it('marks key and secret as secrets in the program', async () => {
    expect(await pulumi.isSecret(key.secret)).toBe(true);
    expect(await pulumi.isSecret(key.key)).toBe(true);
    expect(await pulumi.isSecret(key.providerType)).toBe(false);
  });

  it('carries a serialized provider that captures only the kind and where the implementation is: no token, URL, client or library', () => {
    for (const r of registered) {
      const text = r.inputs.__provider as string;
      expect(typeof text).toBe('string');
      expect(text.length).toBeLessThan(4096);
      const kind = r.type.split(':').pop();
      expect(text).toContain(`kind: "${kind}"`);
      expect(text).toContain(`var __candidates = [${implCandidates().map((c) => JSON.stringify(c)).join(', ')}];`);
      for (const forbidden of [TOKEN_IN_ENV, 'api.example.test', 'the-secret-value', 'AKIA-PUBLIC', 'zod', 'axios', 'FlashbackClient', 'Transport', '__importStar']) {
        expect(text).not.toContain(forbidden);
      }
      // Only `require` of the candidates; nothing of this package's modules is inlined.
      expect(text.match(/require\(/g)).toHaveLength(1);
      expect(text).toContain('require(c)');
    }
    expect(implCandidates()[0]).toBe(IMPL_SPECIFIER);
    expect(implCandidates()[1]).toMatch(/dist\/pulumi\/provider-impl\.js$/);
  });

  it('does not bind the guard hooks under mocks (they cannot be registered there, pulumi/pulumi#20874)', () => {
    expect(currentLedger().enabled).toBe(false);
    expect(currentLedger().keyHook).toBeUndefined();
  });

  it('has typed camelCase args and outputs, derived from the core models', () => {
    // Compile-time checks: these lines fail `tsc --noEmit` if the derived types drift.
    const count: pulumi.Output<number> = key.bucketCount;
    const llms: pulumi.Output<number> = key.aiLlmCount;
    const region: pulumi.Output<string | undefined> = key.region;
    const status: pulumi.Output<string> = bucket.status;
    const keyRef: pulumi.Output<string> = llm.providerApiKeyId;
    // @ts-expect-error not an input of ProviderApiKey
    const bad: ProviderApiKeyArgs = { providerType: 'AWS', key: 'k', secret: 's', bucket: 'x' };
    // @ts-expect-error providerType is required
    const missing: ProviderApiKeyArgs = { key: 'k', secret: 's' };
    expect([count, llms, region, status, keyRef, bad, missing].length).toBe(7);
  });

  it('brand checks tell the kinds apart across package copies', () => {
    expect(ProviderApiKey.isInstance(key)).toBe(true);
    expect(ProviderApiKey.isInstance(bucket)).toBe(false);
    expect(StorageBucket.isInstance(bucket)).toBe(true);
    expect(AiLlm.isInstance(llm)).toBe(true);
    expect(AiLlm.isInstance({})).toBe(false);
  });
});
