/** For Node tests: an msw/node server over a scenario. */
import { setupServer, type SetupServer } from 'msw/node';
import { resolveInput, type MockInput } from './resolve.js';
import type { ScenarioOptions } from './scenarios.js';
import type { MockStore } from './store.js';

export interface MockServer {
  server: SetupServer;
  /** The scenario's store (null when plain handlers were given). */
  store: MockStore | null;
  /** Starts intercepting; unhandled requests pass through unless told otherwise. */
  listen(onUnhandledRequest?: 'bypass' | 'warn' | 'error'): void;
  close(): void;
}

export function setupMockServer(input: MockInput, options: ScenarioOptions = {}): MockServer {
  const { handlers, store } = resolveInput(input, options);
  const server = setupServer(...handlers);
  return {
    server,
    store,
    listen: (onUnhandledRequest = 'bypass') => server.listen({ onUnhandledRequest }),
    close: () => server.close(),
  };
}

export type { MockInput };
