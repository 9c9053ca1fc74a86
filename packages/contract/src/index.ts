export * from './money.js';
export * from './status.js';
export * from './summary.js';
export * from './permissions.js';
export * from './eligibility.js';
export * from './schemas.js';
export * from './routes.js';
export * from './due-date.js';
