/**
 * Typed API errors. Callers branch on the class, never on message text: the one place that
 * reads messages is {@link classifyHttpError}, because the API signals "key in use" only in
 * prose.
 */
export interface RequestInfo {
  method: string;
  /** Path without query string or host; never carries a secret. */
  path: string;
}

export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  readonly status: number | undefined;
  readonly method: string;
  readonly path: string;
  /** The server's message alone, for callers that rephrase it. */
  readonly serverMessage: string;

  constructor(message: string, status: number | undefined, req: RequestInfo) {
    super(`${req.method} ${req.path}${status ? ` failed with ${status}` : ' failed'}: ${message}`);
    this.status = status;
    this.method = req.method;
    this.path = req.path;
    this.serverMessage = message;
  }
}

export class ValidationError extends ApiError {
  override readonly name: string = 'ValidationError';
}
/**
 * The request was refused before it was sent: its body breaks the API contract (a value too
 * long, not well-formed, of the wrong form). `status` is undefined; nothing reached the API.
 */
export class InvalidRequestError extends ValidationError {
  override readonly name = 'InvalidRequestError';
}
export class ApiKeyInUseError extends ApiError {
  override readonly name = 'ApiKeyInUseError';
}
export class UnauthorizedError extends ApiError {
  override readonly name = 'UnauthorizedError';
}
export class ForbiddenError extends ApiError {
  override readonly name = 'ForbiddenError';
}
export class NotFoundError extends ApiError {
  override readonly name = 'NotFoundError';
}
export class RateLimitedError extends ApiError {
  override readonly name = 'RateLimitedError';
  constructor(
    message: string,
    status: number,
    req: RequestInfo,
    /** Seconds the server asked us to wait, when it said. */
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(message, status, req);
  }
}
/** A create or rename refused because the name is taken (bucket names are unique in the organisation, AI model names in the workspace). */
export class NameTakenError extends ApiError {
  override readonly name = 'NameTakenError';
}
/** The server could not be reached or the connection broke; `status` is undefined. */
export class ConnectionError extends ApiError {
  override readonly name = 'ConnectionError';
  constructor(
    message: string,
    req: RequestInfo,
    readonly code: string | undefined,
  ) {
    super(message, undefined, req);
  }
}
/** The server answered 2xx with a body that breaks the contract. */
export class ResponseShapeError extends ApiError {
  override readonly name = 'ResponseShapeError';
}
/** The caller aborted (StopProvider, Ctrl-C) or the overall deadline passed. */
export class AbortedError extends ApiError {
  override readonly name = 'AbortedError';
}

const IN_USE = /\bin use\b/i;
const TAKEN = /\balready exists\b/i;
const NAMED_PATHS = ['/bucket', '/ai/llm'];

export function classifyHttpError(status: number, message: string, req: RequestInfo, retryAfterSeconds?: number): ApiError {
  const isKeyDelete = req.method === 'DELETE' && req.path.startsWith('/apikeys/');
  if ((status === 400 || status === 403) && isKeyDelete && IN_USE.test(message)) return new ApiKeyInUseError(message, status, req);
  const isNamedWrite = (req.method === 'POST' || req.method === 'PUT') && NAMED_PATHS.some((p) => req.path === p || req.path.startsWith(`${p}/`));
  if ((status === 400 || status === 409) && isNamedWrite && TAKEN.test(message)) return new NameTakenError(message, status, req);
  switch (status) {
    case 400:
      return new ValidationError(message, status, req);
    case 401:
      return new UnauthorizedError(message, status, req);
    case 403:
      return new ForbiddenError(message, status, req);
    case 404:
      return new NotFoundError(message, status, req);
    case 429:
      return new RateLimitedError(message, status, req, retryAfterSeconds);
    default:
      return new ApiError(message, status, req);
  }
}
