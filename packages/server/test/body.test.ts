// The JSON body reader on a Request without a body stream, as Firefox makes them (it has no
// `Request.body`: https://bugzilla.mozilla.org/show_bug.cgi?id=1387483). The server core runs
// in Firefox's tabs for the component tests; there every write went through this path.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readJsonBody } from '../src/http/body.js';

/** A Request as Firefox has it: the body is there to read whole, but `body` is undefined. */
function withoutBodyStream(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Request {
  const request = new Request('http://core.invalid/v1/x', { method: 'POST', headers, body });
  Object.defineProperty(request, 'body', { value: undefined });
  return request;
}

describe('readJsonBody without a body stream (Firefox)', () => {
  test('reads the JSON body whole', async () => {
    assert.deepEqual(await readJsonBody(withoutBodyStream('{"amount":100,"date":"2026-12-04"}'), 1024), { amount: 100, date: '2026-12-04' });
  });

  test('an empty body is no body', async () => {
    assert.equal(await readJsonBody(withoutBodyStream(''), 1024), undefined);
  });

  test('over the limit is a 413, declared or not; not JSON is a 415; bad JSON a 400', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(2048) });
    await assert.rejects(readJsonBody(withoutBodyStream(big), 1024), { status: 413 });
    const undeclared = withoutBodyStream(big);
    undeclared.headers.delete('content-length');
    await assert.rejects(readJsonBody(undeclared, 1024), { status: 413 });
    await assert.rejects(readJsonBody(withoutBodyStream('{}', { 'content-type': 'text/plain' }), 1024), { status: 415 });
    await assert.rejects(readJsonBody(withoutBodyStream('{nope'), 1024), { status: 400 });
  });
});
