/**
 * Pulumi's wire form of secrets. The native provider tells the engine it accepts secrets, so
 * secret inputs arrive wrapped (`{<sig>: <secret sig>, value}`) and the engine keeps secret
 * only what the provider returns wrapped: it copies no secretness from inputs to outputs for
 * such a provider. Every value this provider hands back goes through {@link wrapSecrets}.
 */
import { specialSecretSig, specialSigKey } from '@pulumi/pulumi/runtime/rpc';
import type { PropertyBag } from '../provider-impl';

interface WireSecret {
  [specialSigKey]: typeof specialSecretSig;
  value?: unknown;
}

export function isWireSecret(v: unknown): v is WireSecret {
  return typeof v === 'object' && v !== null && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

export const wireSecret = (value: unknown): WireSecret => ({ [specialSigKey]: specialSecretSig, value });

/** The bag with every secret replaced by its value, and the names of the top-level properties that were secret. */
export function unwrapSecrets(bag: PropertyBag | undefined): { plain: PropertyBag; secret: Set<string> } {
  const plain: PropertyBag = {};
  const secret = new Set<string>();
  for (const [k, v] of Object.entries(bag ?? {})) {
    if (containsSecret(v)) secret.add(k);
    plain[k] = unwrapDeep(v);
  }
  return { plain, secret };
}

function containsSecret(v: unknown): boolean {
  if (isWireSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecret);
  if (typeof v === 'object' && v !== null) return Object.values(v).some(containsSecret);
  return false;
}

function unwrapDeep(v: unknown): unknown {
  if (isWireSecret(v)) return unwrapDeep(v.value);
  if (Array.isArray(v)) return v.map(unwrapDeep);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapDeep(x)]));
  return v;
}

/** The bag with the named top-level properties wrapped as secrets (absent ones stay absent). */
export function wrapSecrets(bag: PropertyBag, secret: Iterable<string>): PropertyBag {
  const out: PropertyBag = { ...bag };
  for (const k of secret) if (out[k] !== undefined && !isWireSecret(out[k])) out[k] = wireSecret(out[k]);
  return out;
}
