/** What the Node and browser helpers accept: a scenario (or its name), or plain handlers. */
import type { RequestHandler } from 'msw';
import { createScenario, type Scenario, type ScenarioName, type ScenarioOptions } from './scenario.js';
import type { Scenario as LegacyScenario } from './scenarios.js';
import type { MockStore } from './store.js';

export type MockInput = ScenarioName | Scenario | LegacyScenario | readonly RequestHandler[];

export function resolveInput(input: MockInput, options: ScenarioOptions = {}): { handlers: RequestHandler[]; scenario: Scenario | null; store: MockStore | null } {
  if (typeof input === 'string') {
    const scenario = createScenario(input, options);
    return { handlers: scenario.handlers, scenario, store: null };
  }
  if ('store' in input) return { handlers: input.handlers, scenario: null, store: input.store };
  if ('handlers' in input) return { handlers: input.handlers, scenario: input, store: null };
  return { handlers: [...input], scenario: null, store: null };
}
