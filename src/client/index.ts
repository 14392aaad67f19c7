export * from './errors';
export * from './config';
export { Transport, type TransportOptions, parseRetryAfter } from './http';
export { createOutcomeUnknown } from './outcome';
export { FlashbackClient, type ClientOptions } from './client';
export { redact, REDACTED } from './redact';
export * as contract from './contract';
