/** The engine-neutral checks behind early errors: provider settings and write access to a workspace. */
import type { Workspace } from '../../src/client/contract';
import { checkProviderSettings, writeRefusal } from '../../src/core';

describe('checkProviderSettings', () => {
  it('accepts a complete, well-formed configuration', () => {
    expect(checkProviderSettings({ apiUrl: 'http://127.0.0.1:8080', token: 't', workspaceId: '3f0e9c52-7d1b' })).toEqual([]);
  });

  it('names every problem at once', () => {
    expect(checkProviderSettings({ apiUrl: '127.0.0.1:8080', workspaceId: 'ws 1/2' })).toEqual([
      { setting: 'apiUrl', message: 'must be an absolute http(s) URL such as https://backend.flashback.tech; got "127.0.0.1:8080"' },
      { setting: 'token', message: 'is not set: every Flashback API call needs an access token' },
      { setting: 'workspaceId', message: 'must be a workspace id such as 3f0e9c52-7d1b-4c36-9a0e-2b8f6d4c1a77 (no spaces or slashes); got "ws 1/2"' },
    ]);
    expect(checkProviderSettings({ apiUrl: 'ftp://host', token: '  ' }).map((i) => i.setting)).toEqual(['apiUrl', 'token']);
  });

  it('leaves unknown settings alone (they are checked once known)', () => {
    expect(checkProviderSettings({}, new Set(['apiUrl', 'token', 'workspaceId']))).toEqual([]);
  });
});

describe('writeRefusal', () => {
  const ws = (role: Workspace['role']): Workspace => ({ id: 'ws-1', name: 'alpha', orgId: 'org', members: [], role });

  it('lets WRITE and ADMIN write', () => {
    expect(writeRefusal([ws('WRITE')], 'ws-1', 'create the storage bucket')).toBeUndefined();
    expect(writeRefusal([ws('ADMIN')], 'ws-1', 'create the storage bucket')).toBeUndefined();
  });

  it('refuses READ, naming the workspace, the role and the role needed', () => {
    expect(writeRefusal([ws('READ')], 'ws-1', 'delete the provider API key')).toBe(
      'This token cannot delete the provider API key: its role in workspace "alpha" (ws-1) is READ, and WRITE or ADMIN is needed to create, update or delete there. Ask a workspace ADMIN for the WRITE role, or use a token that has it.',
    );
  });

  it('refuses a workspace the token cannot see', () => {
    expect(writeRefusal([ws('ADMIN')], 'ws-2', 'create the AI model configuration')).toMatch(/^This token cannot create the AI model configuration: workspace ws-2 is not one it can see/);
  });

  it('does not refuse when the server does not say the caller role', () => {
    expect(writeRefusal([ws(undefined)], 'ws-1', 'update the storage bucket')).toBeUndefined();
  });
});
