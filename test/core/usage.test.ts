import { conflictMessage, conflictingDependents, type Dependent } from '../../src/core';

const deps: Dependent[] = [
  { type: 'storage_bucket', id: 'b1', name: 'logs', workspaceId: 'ws-1' },
  { type: 'storage_bucket', id: 'b2', name: 'media', workspaceId: 'ws-1' },
  { type: 'ai_llm', id: 'l1', name: 'assistant', workspaceId: 'ws-1' },
];

describe('deletion conflicts', () => {
  it('does not count dependents the same change deletes or re-points', () => {
    expect(conflictingDependents(deps, { deleting: new Set(['b1']), repointing: new Set(['l1']) }).map((d) => d.id)).toEqual(['b2']);
    expect(conflictingDependents(deps, { deleting: new Set(['b1', 'b2', 'l1']), repointing: new Set() })).toEqual([]);
  });

  it('names each dependent by type, name, id and workspace and says what to do', () => {
    const msg = conflictMessage({ workspaceId: 'ws-1', id: 'k1' }, deps, 'delete');
    expect(msg).toContain('Deleting provider API key k1 (workspace ws-1) would fail: 3 resources still use it:');
    expect(msg).toContain('storage bucket "logs" (id b1, workspace ws-1)');
    expect(msg).toContain('storage bucket "media" (id b2, workspace ws-1)');
    expect(msg).toContain('AI model "assistant" (id l1, workspace ws-1)');
    expect(msg).toMatch(/Point these at another key \(provider_api_key_id\) or delete them/);
    expect(conflictMessage({ workspaceId: 'ws-1', id: 'k1' }, deps, 'delete', undefined, 'providerApiKeyId')).toContain('Point these at another key (providerApiKeyId) or delete them');
  });

  it('recommends creating the new key first for a replacement, in words that fit every engine', () => {
    const msg = conflictMessage({ workspaceId: 'ws-1', id: 'k1' }, deps.slice(0, 1), 'replace');
    expect(msg).toContain('Replacing provider API key k1');
    expect(msg).toContain('1 resource still uses it');
    expect(msg).toContain('Create the new key and point these at it before the old key is deleted');
    expect(msg).not.toMatch(/create_before_destroy|deleteBeforeReplace|Terraform|Pulumi/);
  });

  it('falls back to the API message when the dependents cannot be listed', () => {
    expect(conflictMessage({ workspaceId: 'ws-1', id: 'k1' }, [], 'delete', 'key in use')).toMatch(/refused because the key is in use \(the API said: key in use\)/);
  });
});
