/** The rules the server, the mocks and the components once each held a copy of: one copy, here. */
export * from './numbering.js';
export * from './integration-gate.js';
export * from './headers.js';
export * from './paging.js';
export * from './time-entries.js';
export * from './amounts.js';
export * from './recipients.js';
