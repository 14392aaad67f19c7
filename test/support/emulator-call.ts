/**
 * One HTTP call to a running emulator from an e2e test, expected to answer 200: the
 * `/__emulator/*` routes (faults, stats) with the faults token they require, every other path
 * with the user's token.
 */
export async function emulatorCall(
  emu: { readonly url: string; readonly faultsToken?: string },
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
  userToken = '',
): Promise<unknown> {
  const token = path.startsWith('/__emulator/') ? (emu.faultsToken ?? '') : userToken;
  const res = await fetch(emu.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json();
}
