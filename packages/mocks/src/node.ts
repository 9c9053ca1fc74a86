/** For Node tests: an msw/node server over a scenario. */
import { setupServer, type SetupServer } from 'msw/node';
import { resolveInput, type MockInput } from './resolve.js';
import type { Scenario, ScenarioOptions } from './scenario.js';

export interface MockServer {
  server: SetupServer;
  /** The scenario (null when plain handlers were given). */
  scenario: Scenario | null;
  /** Starts intercepting; unhandled requests pass through unless told otherwise. */
  listen(onUnhandledRequest?: 'bypass' | 'warn' | 'error'): void;
  close(): void;
}

export function setupMockServer(input: MockInput, options: ScenarioOptions = {}): MockServer {
  const { handlers, scenario: resolved } = resolveInput(input, options);
  const server = setupServer(...handlers);
  return {
    server,
    scenario: resolved,
    listen: (onUnhandledRequest = 'bypass') => server.listen({ onUnhandledRequest }),
    close: () => server.close(),
  };
}

export type { MockInput };
