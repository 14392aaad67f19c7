export * from './errors';
export * from './config';
export { Transport, type TransportOptions, createOutcomeUnknown, parseRetryAfter } from './http';
export { FlashbackClient, type ClientOptions } from './client';
export { redact, REDACTED } from './redact';
export * as contract from './contract';
