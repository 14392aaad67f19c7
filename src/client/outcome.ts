/**
 * Which failed creates the server may nonetheless have carried out. Kept apart from the
 * transport (and axios) so that the core can ask without loading the HTTP stack.
 */
import { AbortedError, ApiError, ConnectionError } from './errors';

/** Connection failures after which the server certainly never saw the request. */
export const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** Calls given up while a request was out, as opposed to while waiting to retry one the server refused. */
export const abortedInFlight = new WeakSet<AbortedError>();

/**
 * Whether a failed create may nonetheless have been carried out by the server, so that
 * trying it again could make a second object: the connection broke after the request was
 * sent, the server answered 5xx other than 503 (which says it did nothing), the request timed
 * out or was given up while waiting. Such a create has to be resolved by looking for what it
 * would have made (src/core/create-resolution.ts), never simply repeated.
 */
export function createOutcomeUnknown(e: unknown): e is ApiError {
  if (!(e instanceof ApiError) || e.method !== 'POST') return false;
  if (e instanceof ConnectionError) return !NEVER_SENT.has(e.code ?? '');
  if (e instanceof AbortedError) return abortedInFlight.has(e);
  return e.status !== undefined && e.status >= 500 && e.status !== 503;
}

