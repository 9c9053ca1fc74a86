/** What the Node and browser helpers accept: a scenario, its name, or plain handlers. */
import type { RequestHandler } from 'msw';
import { createScenario, type Scenario, type ScenarioName, type ScenarioOptions } from './scenarios.js';
import type { MockStore } from './store.js';

export type MockInput = ScenarioName | Scenario | readonly RequestHandler[];

export function resolveInput(input: MockInput, options: ScenarioOptions = {}): { handlers: RequestHandler[]; store: MockStore | null } {
  if (typeof input === 'string') {
    const scenario = createScenario(input, options);
    return { handlers: scenario.handlers, store: scenario.store };
  }
  if ('handlers' in input) return { handlers: input.handlers, store: input.store };
  return { handlers: [...input], store: null };
}
