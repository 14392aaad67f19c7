/**
 * The serialized provider: a thin shim whose methods `require` ./provider-impl at call time.
 *
 * Pulumi serializes a dynamic resource's provider into its state (`__provider`) and runs that
 * text, not this package, for every later check, diff, update, refresh and delete. So the shim
 * captures nothing but strings: the resource kind and where the implementation lives. No
 * client, schema, token or secret ever reaches state, and delete/refresh run the installed
 * package's code.
 *
 * Where the implementation is found, first hit wins:
 * 1. `flashback-iac/dist/pulumi/provider-impl`, resolved from the provider process's cwd (the
 *    program's directory): the package installed next to the program, even if a newer version
 *    than the one that wrote the state;
 * 2. the absolute path of ./provider-impl.js next to this file, recorded when the program
 *    ran: programs whose directory has no `node_modules/flashback-iac` (Automation API inline
 *    programs in a temporary directory, this repository's own tests). It is a path on the
 *    machine that last created or updated the resource, so it is only a fallback.
 */
import * as path from 'node:path';
import type * as dynamic from '@pulumi/pulumi/dynamic';

/** The package specifier of the implementation module. Stable: states hold it forever. */
export const IMPL_SPECIFIER = 'flashback-iac/dist/pulumi/provider-impl';

/**
 * The candidates a shim made by this process tries, in order. When this module runs from
 * TypeScript sources (ts-jest or ts-node in this repository) the compiled file in dist/ is
 * recorded instead, because the provider process runs plain Node.
 */
export function implCandidates(): string[] {
  const dir = __filename.endsWith('.ts') ? path.resolve(__dirname, '..', '..', 'dist', 'pulumi') : __dirname;
  return [IMPL_SPECIFIER, path.join(dir, 'provider-impl.js')];
}

const shims = new Map<string, dynamic.ResourceProvider>();

/** One shim per resource kind; the same object each time, so Pulumi serializes it once. */
export function providerShim(kind: string): dynamic.ResourceProvider {
  let shim = shims.get(kind);
  if (!shim) {
    shim = makeShim(kind, implCandidates());
    shims.set(kind, shim);
  }
  return shim;
}

/**
 * Only `kind` and `candidates` (strings) are captured. Everything inside the functions below
 * is serialized as source text, so it must stay plain JavaScript with no imports.
 */
export function makeShim(kind: string, candidates: readonly string[]): dynamic.ResourceProvider {
  /* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
  const impl = (): any => {
    const missing: string[] = [];
    for (const c of candidates) {
      try {
        return require(c);
      } catch (e) {
        const err = e as { code?: string; message?: string };
        if (err.code !== 'MODULE_NOT_FOUND' || !String(err.message).includes(c)) throw e;
        missing.push(c);
      }
    }
    throw new Error(`Cannot load the Flashback Pulumi provider: none of ${missing.join(', ')} can be required from ${process.cwd()}. Install flashback-iac in the program's node_modules (npm install flashback-iac).`);
  };
  return {
    configure: async (req) => impl().configure(kind, req),
    check: async (olds, news) => impl().check(kind, olds, news),
    diff: async (id, olds, news) => impl().diff(kind, id, olds, news),
    create: async (inputs) => impl().create(kind, inputs),
    read: async (id, props) => impl().read(kind, id, props),
    update: async (id, olds, news) => impl().update(kind, id, olds, news),
    delete: async (id, props) => impl().delete(kind, id, props),
  };
  /* eslint-enable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
}
