/** What the Node and browser helpers accept: a scenario (or its name), or plain handlers. */
import type { RequestHandler } from 'msw';
import { createScenario, type Scenario, type ScenarioName, type ScenarioOptions } from './scenario.js';

export type MockInput = ScenarioName | Scenario | readonly RequestHandler[];

export function resolveInput(input: MockInput, options: ScenarioOptions = {}): { handlers: RequestHandler[]; scenario: Scenario | null } {
  if (typeof input === 'string') {
    const scenario = createScenario(input, options);
    return { handlers: scenario.handlers, scenario };
  }
  if ('handlers' in input) return { handlers: input.handlers, scenario: input };
  return { handlers: [...input], scenario: null };
}
