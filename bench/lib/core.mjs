// The reference server's core with one of the mocks' scenarios, in this Node process (run the
// bench with tsx: the core is TypeScript): the rendering benches read their rows from it once,
// as the server answers them, and hand them to the page from memory.
import { createLedgerClient } from '@ledgerside/client';
import { createScenario, tokenFor } from '@ledgerside/mocks';

/** `as(user)`: a client acting as a demo user, straight to the core; `close()` when done. */
export async function scenarioCore(name) {
  const scenario = createScenario(name);
  const core = await scenario.ready();
  const as = (user) =>
    createLedgerClient({ baseUrl: 'http://mocks.invalid', getToken: () => tokenFor(user), fetch: (input, init) => scenario.fetch(new Request(input, init)), retries: 0 });
  return { as, close: () => core.close() };
}
