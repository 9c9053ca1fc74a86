/** The default page size (issue 15): one number for the schemas, the server and the list. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { z } from 'zod/mini';
import { buildOpenApi } from '../src/openapi.js';
import { routeNames, routes } from '../src/routes.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MIN_PAGE_SIZE, pageSize } from '../src/rules/paging.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The routes whose query takes `limit`: the paged lists. */
const paged = routeNames.filter((name) => {
  const query = (routes[name] as { query?: z.core.$ZodType }).query;
  return query !== undefined && 'limit' in ((query as unknown as { _zod: { def: { shape?: object } } })._zod.def.shape ?? {});
});

describe('page sizes', () => {
  it('50 when not given, 1–200 when given', () => {
    assert.deepEqual([MIN_PAGE_SIZE, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE], [1, 50, 200]);
    assert.deepEqual(paged.sort(), ['listDocuments', 'listMessages', 'searchCustomers', 'searchProducts']);
  });

  it('every paged route fills in the default and keeps a given limit', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paged), fc.integer({ min: MIN_PAGE_SIZE, max: MAX_PAGE_SIZE }), (name, limit) => {
        const query = (routes[name] as { query: z.core.$ZodType }).query;
        const defaults = z.safeParse(query, {});
        assert.ok(defaults.success, name);
        assert.equal((defaults.data as { limit: number }).limit, DEFAULT_PAGE_SIZE, name);
        // Query strings carry text: the schema reads it as a number.
        assert.equal((z.parse(query, { limit: String(limit) }) as { limit: number }).limit, limit, name);
        assert.equal(z.safeParse(query, { limit: String(MAX_PAGE_SIZE + 1) }).success, false, name);
      }),
      { seed: 1509 },
    );
  });

  it('openapi.json says what the default is, on every paged route', () => {
    const doc = buildOpenApi() as Json;
    for (const name of paged) {
      const { method, path } = routes[name];
      const openApiPath = `/v1${path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
      const limit = (doc.paths[openApiPath][method.toLowerCase()].parameters as Json[]).find((p) => p.name === 'limit');
      assert.ok(limit, name);
      assert.equal(limit.required, false, name);
      assert.deepEqual([limit.schema.default, limit.schema.minimum, limit.schema.maximum], [DEFAULT_PAGE_SIZE, MIN_PAGE_SIZE, MAX_PAGE_SIZE], name);
    }
  });

  it('pageSize settles any request to a whole size within the bounds, the default for none', () => {
    assert.equal(pageSize(undefined), DEFAULT_PAGE_SIZE);
    assert.equal(pageSize(null), DEFAULT_PAGE_SIZE);
    assert.equal(pageSize(Number.NaN), DEFAULT_PAGE_SIZE);
    assert.equal(pageSize(0), DEFAULT_PAGE_SIZE);
    assert.equal(pageSize(Number.POSITIVE_INFINITY), MAX_PAGE_SIZE);
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer({ min: -1000, max: 1000 })), (requested) => {
        const size = pageSize(requested);
        assert.ok(Number.isInteger(size) && size >= MIN_PAGE_SIZE && size <= MAX_PAGE_SIZE, `${requested} → ${size}`);
        if (Number.isInteger(requested) && requested >= MIN_PAGE_SIZE && requested <= MAX_PAGE_SIZE) assert.equal(size, requested);
      }),
      { seed: 1510 },
    );
  });
});
