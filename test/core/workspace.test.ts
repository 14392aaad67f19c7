import { aiLlm, consumerLabel, keyConsumerModels, providerApiKey, resolveWorkspace, resourceModels, storageBucket, withWorkspace, workspaceFieldOf } from '../../src/core';

describe('workspace resolution', () => {
  it('takes the object\'s own workspace first, the front end\'s default only when it has none', () => {
    expect(resolveWorkspace('ws-own', () => 'ws-default')).toBe('ws-own');
    expect(resolveWorkspace(undefined, () => 'ws-default')).toBe('ws-default');
    expect(resolveWorkspace(null, () => null)).toBeUndefined();
    // An empty string is the user's value (and fails the field check), not "unset".
    expect(resolveWorkspace('', () => 'ws-default')).toBe('');
  });

  it('fills the model\'s workspace field and names it when neither is set', () => {
    expect(withWorkspace(storageBucket, { name: 'b' }, 'ws-1').values).toEqual({ name: 'b', workspaceId: 'ws-1' });
    expect(withWorkspace(storageBucket, { name: 'b', workspaceId: 'ws-2' }, 'ws-1').values.workspaceId).toBe('ws-2');
    expect(withWorkspace(providerApiKey, {}, null).missing?.name).toBe('workspace_id');
  });

  it('is the field that forces replacement, on every model', () => {
    for (const m of resourceModels) expect(workspaceFieldOf(m)).toMatchObject({ prop: 'workspaceId', replaceOnChange: true });
  });
});

describe('key consumers', () => {
  it('are declared by their models, and the key is not one', () => {
    // The list grows with each new consumer; the first two and their order stay.
    expect(keyConsumerModels.map((m) => m.kind).slice(0, 2)).toEqual([storageBucket.kind, aiLlm.kind]);
    for (const m of keyConsumerModels) expect(m.consumer).toMatchObject({ label: expect.any(String), listByWorkspace: expect.any(Function) });
    expect(providerApiKey.consumer).toBeUndefined();
    expect(resourceModels.map((m) => m.kind)).toEqual(['provider_api_key', ...keyConsumerModels.map((m) => m.kind)]);
    expect(resourceModels.map((m) => m.kind).slice(0, 3)).toEqual(['provider_api_key', 'storage_bucket', 'ai_llm']);
    expect(consumerLabel('storage_bucket')).toBe('storage bucket');
    expect(consumerLabel('ai_llm')).toBe('AI model');
  });
});
