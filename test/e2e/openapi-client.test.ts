/**
 * The served OpenAPI document as a team that brings its own tools would use it: Redocly's
 * recommended lint finds no error, and a client generated from it (openapi-typescript types,
 * openapi-fetch calls) type-checks and runs the helpdesk flow against the demo server — link a
 * contact, create an invoice, mark it sent, list the customer's documents.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { contacts, demoIds } from '@ledgerside/server/core';
import { newIdempotencyKey, root, startDemoServer, todayIso, type DemoServer, type Json } from './helpers/e2e.js';

let demo: DemoServer;
let dir: string;
let served: Record<string, unknown>;

const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

describe('the served OpenAPI document, in the tools hosts use', () => {
  before(async () => {
    demo = await startDemoServer();
    dir = mkdtempSync(path.join(root, '.openapi-client-'));
    served = (await (await fetch(`${demo.url}/v1/openapi.json`)).json()) as Record<string, unknown>;
    writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(served));
  });

  after(async () => {
    await demo?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes `redocly lint --extends recommended` with no error, every $ref resolving', () => {
    const lint = spawnSync(bin('redocly'), ['lint', '--extends', 'recommended', '--format', 'stylish', path.join(dir, 'openapi.json')], {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    });
    const output = `${lint.stdout}${lint.stderr}`;
    assert.equal(lint.status, 0, output);
    assert.doesNotMatch(output, /\berror\b/, output);
    const text = JSON.stringify(served);
    const schemas = (served.components as { schemas: Record<string, unknown> }).schemas;
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(refs.length > 100);
    assert.deepEqual(refs.filter((ref) => !ref.startsWith('#/components/schemas/') || !(ref.slice('#/components/schemas/'.length) in schemas)), []);
  });

  it('the lint would catch an unresolved $ref (a control)', () => {
    const broken = structuredClone(served) as { components: { schemas: Record<string, unknown> } };
    delete broken.components.schemas.Address;
    writeFileSync(path.join(dir, 'broken.json'), JSON.stringify(broken));
    const lint = spawnSync(bin('redocly'), ['lint', '--extends', 'recommended', '--format', 'stylish', path.join(dir, 'broken.json')], {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    });
    assert.notEqual(lint.status, 0);
    assert.match(`${lint.stdout}${lint.stderr}`, /error\s+no-unresolved-refs/);
  });

  it('a client generated with openapi-typescript and openapi-fetch type-checks and runs the helpdesk flow', { timeout: 120_000 }, async () => {
    // `defaultNonNullable: false`: a request field with a default may be left out (the tool's
    // default makes it required); responses list their required fields themselves.
    const types = astToString(await openapiTS(served as unknown as Parameters<typeof openapiTS>[0], { defaultNonNullable: false }));
    writeFileSync(path.join(dir, 'api.d.ts'), types);
    const jana = contacts.jana;
    // The flow as a host's own code would write it: nothing from @ledgerside, only the types.
    writeFileSync(
      path.join(dir, 'flow.ts'),
      `import createClient from 'openapi-fetch';
import type { paths } from './api.js';

export async function flow(baseUrl: string, token: string, idempotencyKey: string) {
  const api = createClient<paths>({ baseUrl, headers: { authorization: \`Bearer \${token}\` } });
  const contact = ${JSON.stringify(jana)};
  const link = await api.PUT('/v1/contact-links/{contactId}', {
    params: { path: { contactId: contact.id } },
    body: { contact, customerId: ${JSON.stringify(demoIds.customers.hradec)} },
  });
  if (!link.data) throw new Error('link: ' + JSON.stringify(link.error));
  const created = await api.POST('/v1/documents', {
    params: { header: { 'Idempotency-Key': idempotencyKey } },
    body: {
      kind: 'invoice',
      customerId: link.data.customerId,
      currency: 'CZK',
      issueDate: ${JSON.stringify(todayIso())},
      ticketId: 'ticket-openapi',
      lines: [{ description: 'Support, 1.5 h', quantity: 1.5, unitPrice: 120000, taxRatePercent: 21 }],
    },
  });
  if (!created.data) throw new Error('create: ' + JSON.stringify(created.error));
  const sent = await api.POST('/v1/documents/{id}/mark-sent', {
    params: { path: { id: created.data.id }, header: { 'If-Match': String(created.data.version) } },
  });
  if (!sent.data) throw new Error('sent: ' + JSON.stringify(sent.error));
  const list = await api.GET('/v1/documents', { params: { query: { ticketId: 'ticket-openapi' } } });
  if (!list.data) throw new Error('list: ' + JSON.stringify(list.error));
  const refused = await api.POST('/v1/documents', { body: { kind: 'invoice', customerId: 'nobody', currency: 'CZK', issueDate: 'soon', lines: [] } as never });
  return { link: link.data, created: created.data, sent: sent.data, list: list.data, refused: { status: refused.response.status, error: refused.error } };
}
`,
    );
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2023', 'DOM'], types: [] },
        files: ['flow.ts'],
      }),
    );
    const check = spawnSync(bin('tsc'), ['-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    assert.equal(check.status, 0, `the generated client does not type-check:\n${check.stdout}${check.stderr}`);

    const { flow } = (await import(path.join(dir, 'flow.ts'))) as { flow: (baseUrl: string, token: string, key: string) => Promise<Record<string, Json>> };
    const result = await flow(demo.url, await demo.token(demoIds.users.agent), newIdempotencyKey());
    assert.equal(result.link.customerId, demoIds.customers.hradec);
    assert.equal(result.created.status, 'draft');
    assert.match(result.created.number, /^INV-/);
    assert.equal(result.created.totals.total, 217_800); // 1.5 × 1,200.00 + 21 % tax, in haléře
    assert.equal(result.sent.status, 'sent');
    assert.deepEqual(
      result.list.items.map((d: { id: string; status: string }) => [d.id, d.status]),
      [[result.created.id, 'sent']],
    );
    assert.equal(result.refused.status, 400);
    assert.ok(result.refused.error.error.issues.length > 0, 'a bad body is refused with the fields named');
  });
});
