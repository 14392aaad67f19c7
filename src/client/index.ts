export * from './errors';
export * from './config';
export { Transport, type TransportOptions, parseRetryAfter } from './http';
export { createOutcomeUnknown } from './outcome';
export { FlashbackClient, type ClientOptions } from './client';
export { redact, REDACTED } from './redact';
export { ExtraCaCertificatesError, EXTRA_CA_CERTS_VARIABLE } from './trusted-certificates';
export * as contract from './contract';
