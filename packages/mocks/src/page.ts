/**
 * For browser tests in an engine whose service worker cannot stream a response to the page
 * (WebKit: see `streamsReachThePage` in `./browser`): msw's interceptor of the page's own
 * `fetch`, as msw/native runs it, over the same scenario. msw's package keeps `msw/native` from
 * browser bundles because browsers have the worker; the test runner resolves it here on
 * purpose, and nothing else imports this entry.
 */
import { setupServer } from 'msw/native';
import type { MockWorker, MockWorkerOptions } from './browser.js';
import { resolveInput, type MockInput } from './resolve.js';

/** Starts intercepting; requests no handler answers go to the network. Calling the result stops it. */
export function startMockInterceptor(input: MockInput, options: Omit<MockWorkerOptions, 'serviceWorkerUrl'> = {}): MockWorker {
  const { quiet: _quiet, ...scenario } = options;
  const { handlers, scenario: resolved } = resolveInput(input, scenario);
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'bypass' });
  return Object.assign(() => server.close(), { worker: server, transport: 'page' as const, scenario: resolved });
}
