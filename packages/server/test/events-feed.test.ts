/**
 * The event hub reads the events table once per change for all of a process's streams (the
 * soak found 200 streams each reading it on every change: 30 s behind at 100 writes/s), and
 * each stream still gets every event once, in order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../src/db/db.js';
import { demoIds } from '../src/index.js';
import { client, expectStatus, invoiceBody, type Client } from './helpers/http.js';
import { backends, startTestServer, type TestServer } from './helpers/server.js';
import { connectSse } from './helpers/sse.js';

const STREAMS = 20;
const CHANGES = 5;

for (const backend of backends()) {
  describe(`shared event feed on ${backend.name}`, { skip: backend.skip }, () => {
    let server: TestServer;
    let api: Client;
    let agent: string;

    before(async () => {
      server = await startTestServer(backend.name);
      api = client(server.url);
      agent = await server.token('agent');
    });
    after(() => server?.destroy());

    it(`${STREAMS} streams, ${CHANGES} changes: every stream gets all of them in order, from far fewer reads than streams`, async () => {
      const streams = await Promise.all(
        Array.from({ length: STREAMS }, () => connectSse(`${server.url}/v1/events`, { authorization: `Bearer ${agent}` })),
      );
      // Let every stream's first read settle before counting.
      await new Promise((r) => setTimeout(r, 300));
      let reads = 0;
      const db = server.db as Db;
      const query = db.query.bind(db);
      db.query = ((text: string, params?: readonly unknown[]) => {
        if (/FROM events WHERE organization_id = \$1 AND seq >/.test(text)) reads++;
        return query(text, params);
      }) as Db['query'];
      try {
        const ids: string[] = [];
        for (let i = 0; i < CHANGES; i++) {
          const created = await api.post('/v1/documents', { token: agent, body: invoiceBody(demoIds.customers.acme) });
          expectStatus(created, 201);
          ids.push(created.body.id as string);
        }
        for (const stream of streams) {
          const got = await stream.until((events) => ids.every((id) => events.some((e) => e.data.data?.id === id)));
          const seen = got.filter((e) => e.data.type === 'document.created').map((e) => e.data.data.id as string);
          assert.deepEqual(seen, ids, 'each change once, in order');
          const seqs = got.map((e) => Number(e.id));
          assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'ids ascending');
        }
        assert.ok(reads < STREAMS, `${reads} reads of the events table for ${CHANGES} changes and ${STREAMS} streams (one per stream per change would be ${STREAMS * CHANGES})`);
      } finally {
        db.query = query;
        streams.forEach((s) => s.close());
      }
    });
  });
}
