import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildOpenApi, openApiText } from '../src/openapi.js';
import { routeNames } from '../src/routes.js';

it('the committed openapi.json matches the route table (run `pnpm openapi` after changing it)', () => {
  const committed = readFileSync(new URL('../openapi.json', import.meta.url), 'utf8');
  assert.ok(committed === openApiText(), 'packages/contract/openapi.json is stale: run `pnpm openapi`');
});

it('openapi.json describes every route with its schemas, roles and error bodies', () => {
  const doc = buildOpenApi() as { openapi: string; paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown>; 'x-roles': string[] }>>; components: { schemas: Record<string, unknown> } };
  assert.equal(doc.openapi, '3.1.0');
  const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
  assert.deepEqual(operations.map((o) => o.operationId).sort(), [...routeNames].sort());
  const create = doc.paths['/v1/documents']!.post!;
  assert.deepEqual(create['x-roles'], ['admin', 'agent']);
  assert.ok('201' in create.responses && '400' in create.responses && '422' in create.responses);
  for (const name of ['Document', 'CustomerWithBalance', 'DocumentCreateInput', 'Message', 'LiveEvent', 'ErrorBody']) assert.ok(name in doc.components.schemas, name);
});

it('every $ref points into components/schemas and resolves there; no schema is left over', () => {
  const doc = buildOpenApi() as { paths: unknown; components: { schemas: Record<string, unknown> } };
  const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
  const prefix = '#/components/schemas/';
  assert.deepEqual(refs.filter((ref) => !ref.startsWith(prefix) || !(ref.slice(prefix.length) in doc.components.schemas)), []);
  const used = new Set([...refs.map((ref) => ref.slice(prefix.length)), 'LiveEvent']);
  assert.deepEqual(Object.keys(doc.components.schemas).filter((id) => !used.has(id)), []);
  assert.ok(!JSON.stringify(doc).includes('$defs'));
});
