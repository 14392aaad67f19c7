import { checkInputs, diffInputs, parseImportId, providerApiKey, replaceFields, resourceModels } from '../../src/core';

describe('provider API key model', () => {
  const valid = { workspaceId: 'ws-1', providerType: 'AWS', key: 'AKIA123', secret: 's3cr3t-value' };

  it('accepts a minimal valid key', () => {
    expect(checkInputs(providerApiKey, valid)).toEqual([]);
  });

  it('names every bad field with a fix', () => {
    const issues = checkInputs(providerApiKey, { workspaceId: 'ws-1', providerType: 'aws', key: '', endpoint: 'not a url', tenantId: 't-1' });
    expect(issues).toEqual([
      { prop: 'providerType', message: 'must be an upper-case provider name such as AWS, GCP, AZURE, OPENAI or ANTHROPIC; got "aws"' },
      { prop: 'key', message: 'must not be empty' },
      { prop: 'secret', message: expect.stringMatching(/^is required: The credential's secret part\./) },
      { prop: 'endpoint', message: 'must be an absolute http(s) URL such as https://s3.eu-west-1.amazonaws.com; got "not a url"' },
      { prop: 'tenantId', message: 'applies only to AZURE keys; remove it or set the provider type to AZURE' },
    ]);
  });

  it('skips checks of values not known yet', () => {
    expect(checkInputs(providerApiKey, { workspaceId: 'ws-1', providerType: 'AWS', key: 'k' }, { unknown: new Set(['secret']) })).toEqual([]);
  });

  it('replaces only on workspace or provider type changes', () => {
    expect(replaceFields(providerApiKey).map((f) => f.prop)).toEqual(['workspaceId', 'providerType']);
    expect(diffInputs(providerApiKey, valid, { ...valid, secret: 'rotated', description: 'd' })).toEqual({ changed: ['secret', 'description'], replaces: [] });
    expect(diffInputs(providerApiKey, valid, { ...valid, providerType: 'GCP' })).toEqual({ changed: ['providerType'], replaces: ['providerType'] });
    expect(diffInputs(providerApiKey, valid, { ...valid, workspaceId: 'ws-2' }).replaces).toEqual(['workspaceId']);
  });

  it('treats an absent write-only secret as unchanged (import, adoption)', () => {
    const { secret: _s, ...noSecret } = valid;
    expect(diffInputs(providerApiKey, valid, noSecret).changed).toEqual([]);
  });

  it('treats empty string and unset optional text alike', () => {
    expect(diffInputs(providerApiKey, { ...valid, region: '' }, valid).changed).toEqual([]);
  });

  it('parses import ids and explains the form when wrong', () => {
    expect(parseImportId('ws-1/abc', 'provider API key')).toEqual({ workspaceId: 'ws-1', id: 'abc' });
    expect(() => parseImportId('abc', 'provider API key')).toThrow(/not of the form <workspace_id>\/<id>/);
  });

  it('declares the secret sensitive and write-only, and the key sensitive', () => {
    const byProp = Object.fromEntries(providerApiKey.fields.map((f) => [f.prop, f]));
    expect(byProp.secret).toMatchObject({ sensitive: true, writeOnly: true });
    expect(byProp.key).toMatchObject({ sensitive: true });
    expect(byProp.key.writeOnly).toBeUndefined();
  });

  it('gives every field of every model a description and a snake_case name', () => {
    for (const m of resourceModels) {
      for (const f of m.fields) {
        expect(f.description.length).toBeGreaterThan(10);
        expect(f.name).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(f.name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())).toBe(f.prop);
      }
    }
  });
});
