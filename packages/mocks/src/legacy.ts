/**
 * @ledgerside/mocks/legacy: the old in-memory store, until every test has moved to the core.
 * route table, with named scenarios. No msw/node or msw/browser here: see `./node` and
 * `./browser`.
 */
export { MockStore, type Actor, type SeedDocument, type SeedStep, type SentEmail, type StoreInit, type WriteOptions } from './store.js';
export { createHandlers, tokenFor, MOCK_TOKEN_PREFIX, type HandlerOptions } from './handlers.js';
export type { FailingOptions } from './failing.js';
export { createScenario, scenarioNames, SLOW_DELAY_MS, type Scenario, type ScenarioName, type ScenarioOptions } from './scenarios.js';
export { demoIds } from './seed-demo.js';
export { manyIds } from './seed-many.js';
export { timeEntryIds } from './seed-base.js';
export { contacts, customers, deal, organization, products, ticket, users } from './fixtures.js';
export { ApiError } from './errors.js';
export type { Page } from './paging.js';
export { formatSse } from './events.js';
