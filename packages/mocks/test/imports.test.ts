// The mocks are a wire to the server core, not a backend of their own: outside their own
// folder they may import only msw, the contract and the core's public entry.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const ALLOWED = /^(?:msw(?:\/browser|\/node|\/native)?|@ledgerside\/contract(?:\/openapi)?|@ledgerside\/server\/core)$/;

/** Every module specifier of a file: static imports and exports, and dynamic imports. */
export function specifiers(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push((m[1] ?? m[2] ?? m[3])!);
  }
  return found;
}

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

describe('what packages/mocks/src imports', () => {
  it('only msw, the contract and the server core’s public entry (never the server’s insides)', () => {
    const outside = files(src).flatMap((file) =>
      specifiers(readFileSync(file, 'utf8'))
        .filter((s) => !s.startsWith('.') && !ALLOWED.test(s))
        .map((s) => `${path.relative(src, file)}: ${s}`),
    );
    assert.deepEqual(outside, []);
  });

  it('the check sees every kind of import (a control)', () => {
    const code = `import { a } from '@ledgerside/server/src/services/documents.js';\nexport * from 'pg';\nimport 'node:fs';\nconst x = await import('jose');`;
    assert.deepEqual(specifiers(code), ['@ledgerside/server/src/services/documents.js', 'pg', 'node:fs', 'jose']);
    assert.equal(specifiers(code).filter((s) => !ALLOWED.test(s)).length, 4);
  });
});
