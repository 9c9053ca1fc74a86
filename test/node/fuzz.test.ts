/**
 * Property-based fuzzing of the real server (fast-check, fixed seed, small count; `pnpm fuzz`
 * runs ≥ 100,000 requests): every route of the route table, with valid-shaped values at the
 * edges and garbage, from every role, another organization and bad tokens. Each answer must
 * be < 500, documented and within the contract (harness.ts); afterwards the database
 * invariants must hold (invariants.ts). On PGlite, and on PostgreSQL when TEST_DATABASE_URL
 * is set.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { routeNames } from '@ledgerside/contract';
import { backends, startTestServer, type TestServer } from '../../packages/server/test/helpers/server.js';
import { anyRequest, deepJson, requestsFor } from './fuzz/generators.js';
import { describe as describeOutcome, FuzzSession } from './fuzz/harness.js';
import { checkInvariants } from './fuzz/invariants.js';

const SEED = 20_261_110;
const PER_ROUTE = 6;
const MIXED = 400;
const BODY_LIMIT = 64 * 1024;

for (const backend of backends()) {
  describe(`fuzzing the server on ${backend.name}`, { skip: backend.skip }, () => {
    let server: TestServer;
    let session: FuzzSession;

    before(async () => {
      server = await startTestServer(backend.name, { bodyLimit: BODY_LIMIT });
      session = await FuzzSession.start(server, { bodyLimit: BODY_LIMIT });
    });
    after(() => server?.destroy());

    const property = (arbitrary: typeof anyRequest) =>
      fc.asyncProperty(arbitrary, async (request) => {
        const outcome = await session.send(request);
        assert.deepEqual(outcome.problems, [], describeOutcome(outcome));
      });

    it('every route: answers within the contract, never ≥ 500', async () => {
      for (const [i, name] of routeNames.entries()) {
        await fc.assert(property(requestsFor(name)), { seed: SEED + i, numRuns: PER_ROUTE, endOnFailure: false });
      }
      assert.deepEqual(routeNames.filter((name) => !session.byRoute.has(name)), [], 'every route was called');
      // The integration may have been switched off on the way: the mix starts with it on.
      const reply = await fetch(`${server.url}/v1/integration`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${session.tokens.admin!}`, 'content-type': 'application/json' },
        body: JSON.stringify({ state: 'enabled' }),
      });
      assert.equal(reply.status, 200);
    });

    it('a mixed run over the whole table builds state and stays within the contract', async () => {
      await fc.assert(property(anyRequest), { seed: SEED, numRuns: MIXED });
      const { statuses } = session.summary();
      const figures = JSON.stringify({ statuses, top: [...session.refusals].sort((a, b) => b[1] - a[1]).slice(0, 8) });
      // The run reached real work, not only refusals: creates and changes went through.
      assert.ok((statuses['201'] ?? 0) > 10, `creates succeeded: ${figures}`);
      assert.ok((statuses['200'] ?? 0) > 50, `reads and changes succeeded: ${figures}`);
    });

    it('JSON nested thousands deep is bad input (400), not a crash (was a 500: stack overflow)', async () => {
      const token = session.tokens.agent!;
      for (const path of ['/v1/documents', '/v1/conversations', '/v1/time-entries']) {
        for (const body of deepJson) {
          const reply = await fetch(`${server.url}${path}`, {
            method: path === '/v1/time-entries' ? 'PUT' : 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body,
          });
          assert.equal(reply.status, 400, `${path} with ${body.length} bytes of nesting: ${await reply.text()}`);
        }
      }
    });

    it('afterwards the database invariants hold', async () => {
      const results = await checkInvariants(server.db);
      for (const r of results) assert.deepEqual(r.violations, [], r.name);
      assert.ok(results.every((r) => r.checked > 0), JSON.stringify(results.map((r) => [r.name, r.checked])));
    });
  });
}
