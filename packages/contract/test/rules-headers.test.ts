/** `If-Match` and `Idempotency-Key` syntax (issue 15): one copy for the server and the mocks. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IDEMPOTENCY_KEY_MAX_LENGTH, isIdempotencyKey, MAX_IF_MATCH_VERSION, parseIfMatch } from '../src/rules/headers.js';
import { buildOpenApi } from '../src/openapi.js';
import { routeMeta, routeNames } from '../src/route-meta.js';

const version = fc.integer({ min: 0, max: MAX_IF_MATCH_VERSION });
const space = fc.constantFrom('', ' ', '  ', '\t');
const visible = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));
const key = fc.array(visible, { minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH }).map((cs) => cs.join(''));

describe('parseIfMatch', () => {
  it('reads a version as an entity tag, a weak one or a bare number, with spaces around', () => {
    fc.assert(
      fc.property(version, fc.constantFrom((n: number) => `"${n}"`, (n: number) => `W/"${n}"`, (n: number) => `${n}`), space, space, (n, spell, before, after) => {
        assert.deepEqual(parseIfMatch(`${before}${spell(n)}${after}`), { ok: true, version: n });
      }),
      { seed: 1505 },
    );
  });

  it('`*` is any version; nothing at all is missing, not malformed', () => {
    assert.deepEqual(parseIfMatch('*'), { ok: true, version: null });
    assert.deepEqual(parseIfMatch(' * '), { ok: true, version: null });
    for (const header of [undefined, null, '', '   ']) assert.deepEqual(parseIfMatch(header), { ok: false, reason: 'missing' }, String(header));
  });

  it('refuses unbalanced quotes, lists, signs, decimals and more than nine digits', () => {
    for (const header of ['"3', '3"', 'W/3', 'w/"3"', '"3", "4"', '-1', '+1', '1.0', '1e3', 'soon', '""', '"*"', '1234567890', '"0x10"']) {
      assert.deepEqual(parseIfMatch(header), { ok: false, reason: 'malformed' }, header);
    }
  });

  it('whatever it is given, a version it reads is a whole number from 0 to 999,999,999', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\s*(W\/)?"?\d{1,12}"?\s*$/)), (header) => {
        const parsed = parseIfMatch(header);
        if (parsed.ok && parsed.version !== null) {
          assert.ok(Number.isInteger(parsed.version) && parsed.version >= 0 && parsed.version <= MAX_IF_MATCH_VERSION, header);
          assert.ok(header.includes(String(parsed.version)), header);
        }
      }),
      { seed: 1506 },
    );
  });
});

describe('isIdempotencyKey', () => {
  it('takes 1–255 visible ASCII characters (what newIdempotencyKey and UUIDs are)', () => {
    fc.assert(fc.property(key, (k) => assert.equal(isIdempotencyKey(k), true)), { seed: 1507 });
    assert.ok(isIdempotencyKey('0b8f9a4e-5d7c-4c1e-9b55-2f4f7d0e6a11'));
  });

  it('refuses the empty key, a key longer than 255, and any space, control or non-ASCII character', () => {
    assert.equal(isIdempotencyKey(''), false);
    assert.equal(isIdempotencyKey('k'.repeat(IDEMPOTENCY_KEY_MAX_LENGTH + 1)), false);
    const bad = fc.oneof(
      fc.integer({ min: 0, max: 0x20 }),
      fc.constant(0x7f),
      fc.integer({ min: 0x80, max: 0xffff }),
    ).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(key, bad, fc.nat(), (k, c, at) => {
        // The bad character replaces one, so the length stays within bounds.
        const i = at % k.length;
        assert.equal(isIdempotencyKey(`${k.slice(0, i)}${c}${k.slice(i + 1)}`), false);
      }),
      { seed: 1508 },
    );
  });
});

describe('openapi.json describes the same header syntax', () => {
  type Json = { paths: Record<string, Record<string, { parameters?: { name: string; schema: Record<string, unknown> }[] }>> };
  const doc = buildOpenApi() as Json;
  const schemasOf = (header: string) =>
    Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => (op.parameters ?? []).filter((p) => p.name === header).map((p) => p.schema)));

  it('Idempotency-Key: 1–255 characters of the key pattern, on every create', () => {
    const schemas = schemasOf('Idempotency-Key');
    assert.equal(schemas.length, routeNames.filter((n) => routeMeta[n].idempotencyKey).length);
    for (const schema of schemas) {
      assert.deepEqual([schema.minLength, schema.maxLength], [1, IDEMPOTENCY_KEY_MAX_LENGTH]);
      const pattern = new RegExp(schema.pattern as string);
      fc.assert(
        fc.property(fc.oneof(key, fc.string({ maxLength: 300 })), (k) => {
          const described = k.length >= 1 && k.length <= IDEMPOTENCY_KEY_MAX_LENGTH && pattern.test(k);
          assert.equal(described, isIdempotencyKey(k), JSON.stringify(k));
        }),
        { seed: 1511 },
      );
    }
  });

  it('If-Match: the pattern accepts exactly what parseIfMatch reads (trimmed)', () => {
    const schemas = schemasOf('If-Match');
    assert.equal(schemas.length, routeNames.filter((n) => routeMeta[n].ifMatch).length);
    const pattern = new RegExp(schemas[0]!.pattern as string);
    const header = fc.oneof(fc.string({ maxLength: 15 }), fc.stringMatching(/^(W\/)?"?(\d{1,11}|\*)"?$/));
    fc.assert(
      fc.property(header, (h) => {
        const t = h.trim();
        if (t === '') return;
        assert.equal(pattern.test(t), parseIfMatch(t).ok, JSON.stringify(h));
      }),
      { seed: 1512 },
    );
  });
});
