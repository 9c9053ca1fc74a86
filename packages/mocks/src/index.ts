/**
 * @ledgerside/mocks: the reference server's core behind msw handlers, with named scenarios.
 * No msw/node or msw/browser here: see `./node` and `./browser`. The demo's ids and fixtures
 * are the server seed's own.
 */
export { createScenario, servedDump, scenarioNames, SLOW_DELAY_MS, tokenFor, MOCK_TOKEN_PREFIX, type Scenario, type ScenarioName, type ScenarioOptions, type Seed } from './scenario.js';
export type { FailingOptions } from './failing.js';
export { demoIds, manyIds, contacts, customers, deal, organization, products, ticket, users } from '@ledgerside/server/core';
