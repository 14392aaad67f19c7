/**
 * axios, loaded without making Node.js load its fetch implementation (undici).
 *
 * As it loads, axios looks at the globals `FormData`, `Request` and `Response` and builds Request
 * objects to learn what the runtime's fetch supports, for its fetch adapter. In Node.js those
 * globals are getters that compile undici on first read: ~25 ms of CPU in every provider process
 * that makes an API client (issue #13). The client uses axios's `http` adapter, which axios
 * picks first in Node.js, and sends no FormData, so those three globals are hidden while axios
 * loads and put back, as they were, right after: axios takes the fetch adapter for unsupported,
 * and nothing else in the process sees a difference.
 */

const PROBED_GLOBALS = ['FormData', 'Request', 'Response'] as const;

export type AxiosModule = typeof import('axios');

export function loadAxios(): AxiosModule {
  const saved = PROBED_GLOBALS.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const);
  const hidden = saved.filter(([, descriptor]) => descriptor?.configurable === true);
  for (const [name] of hidden) Object.defineProperty(globalThis, name, { value: undefined, configurable: true, writable: true });
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded here, between hiding the globals and putting them back
    return require('axios') as AxiosModule;
  } finally {
    for (const [name, descriptor] of hidden) if (descriptor !== undefined) Object.defineProperty(globalThis, name, descriptor);
  }
}
