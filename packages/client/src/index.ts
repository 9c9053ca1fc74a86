export { createLedgerClient, newIdempotencyKey } from './client.js';
export type { LedgerClient, LedgerClientOptions, CallOptions } from './client.js';
export { LedgerApiError, isLedgerApiError } from './errors.js';
export type { FieldIssue, LedgerErrorKind } from './errors.js';
export type { GetToken } from './token.js';
export { tokenExpiry } from './token.js';
export type { ConnectionStatus, SubscribeOptions, Subscription, LiveEventData } from './events.js';
