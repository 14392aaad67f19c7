/**
 * axios loaded without reading the fetch globals (src/client/load-axios.ts): in Node.js each is
 * a getter that compiles undici, ~25 ms of a provider process's CPU (issue #13).
 */
const PROBED = ['FormData', 'Request', 'Response'] as const;

/** Replaces the probed globals with counting getters; returns the reads and a way to restore. */
function countReads(): { reads: Record<string, number>; getters: Record<string, () => unknown>; restore: () => void } {
  const reads: Record<string, number> = {};
  const getters: Record<string, () => unknown> = {};
  const saved = PROBED.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const);
  for (const [name, original] of saved) {
    reads[name] = 0;
    const value: unknown = original?.get ? original.get.call(globalThis) : original?.value;
    getters[name] = () => {
      reads[name]++;
      return value;
    };
    Object.defineProperty(globalThis, name, { get: getters[name], configurable: true, enumerable: false });
  }
  return {
    reads,
    getters,
    restore: () => {
      for (const [name, original] of saved) if (original) Object.defineProperty(globalThis, name, original);
    },
  };
}

describe('loadAxios', () => {
  it('loads axios without reading FormData, Request or Response, and puts the globals back as they were', () => {
    const probe = countReads();
    try {
      let axios: typeof import('axios') | undefined;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module registry, so axios loads again
        axios = (require('../../src/client/load-axios') as typeof import('../../src/client/load-axios')).loadAxios();
      });
      expect(probe.reads).toEqual({ FormData: 0, Request: 0, Response: 0 });
      for (const name of PROBED) expect(Object.getOwnPropertyDescriptor(globalThis, name)?.get).toBe(probe.getters[name]);
      expect(typeof axios?.default.create).toBe('function');
      expect(typeof axios?.isAxiosError).toBe('function');
      // The http adapter, the one the client uses, is axios's pick here.
      expect(axios?.default.getAdapter(axios.default.defaults.adapter).name).toBe('http');
    } finally {
      probe.restore();
    }
  });

  it('is needed: axios loaded plainly reads them', () => {
    const probe = countReads();
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module registry, so axios loads again
        require('axios');
      });
      expect(probe.reads.FormData + probe.reads.Request + probe.reads.Response).toBeGreaterThan(0);
    } finally {
      probe.restore();
    }
  });
});
