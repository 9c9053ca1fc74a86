/**
 * PDF text layout: any user text fits its column, nothing is lost but what the line limit
 * cuts (marked "..."), and the cost is linear. Found by `pnpm fuzz`: wrapping an 8,000-letter
 * word took 54 s (every cut re-measured the whole rest), freezing the server for everyone.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import { embedFonts, type PdfFonts } from '../src/pdf/fonts.js';
import { nodeFontSource } from '../src/pdf/fonts-node.js';
import { sanitize, wrap } from '../src/pdf/text.js';

let font: PDFFont;
let embedded: PdfFonts;
before(async () => {
  font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
  embedded = await embedFonts(await PDFDocument.create(), nodeFontSource);
});

const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe('wrap', () => {
  it('every line fits; when nothing is cut, the words come back in order (letters of cut words joined)', () => {
    const text = fc.stringMatching(/^[a-zA-Z0-9 .,;:!?'"()\n-]{0,400}$/);
    fc.assert(
      fc.property(text, fc.integer({ min: 40, max: 500 }), fc.constantFrom(8, 9, 10), (s, width, size) => {
        const lines = wrap(s, font, size, width, 1000);
        for (const line of lines) assert.ok(font.widthOfTextAtSize(line, size) <= width + 1e-9 || line.length === 1, `"${line}" is wider than ${width}`);
        assert.equal(lines.join('').replace(/\s+/g, ''), words(s).join(''));
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('stops at the line limit and marks the cut', () => {
    const lines = wrap('word '.repeat(5000), font, 10, 200, 8);
    assert.equal(lines.length, 8);
    assert.ok(lines[7]!.endsWith('...'));
  });

  // The timeout is not a speed budget: it turns a regression (hours) into a failure, not a hung run.
  it('cuts a 64,000-letter word into the allowed lines (linear: this took hours before)', { timeout: 30_000 }, () => {
    const lines = wrap('x'.repeat(64_000), font, 9, 495, 30);
    assert.equal(lines.length, 30);
    for (const line of lines.slice(0, 29)) assert.ok(font.widthOfTextAtSize(line, 9) <= 495);
  });

  it('maps what the standard font cannot show, once per character', () => {
    assert.equal(sanitize('Příliš žluťoučký kůň\u00a0— 漢字', font), 'Príliš žlutoucký kun\u00a0— ??');
  });
});

describe('sanitize for the PDFs’ embedded font', () => {
  const czech = 'Příliš žluťoučký kůň úpěl ďábelské ódy. PŘÍLIŠ ŽLUŤOUČKÝ KŮŇ ÚPĚL ĎÁBELSKÉ ÓDY. Kč DIČ';
  const spanish = '¿Qué pingüino añadió «cañón» a la exhibición? ¡Ñandú! Cotización, Válida hasta';

  it('keeps every Czech and Spanish letter, in both weights', () => {
    for (const f of [embedded.regular, embedded.bold]) {
      assert.equal(sanitize(czech, f), czech);
      assert.equal(sanitize(spanish, f), spanish);
    }
  });

  it('any text becomes something the font draws: pdf-lib never throws, and bidi overrides are gone', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const safe = sanitize(s, embedded.regular);
        assert.doesNotThrow(() => embedded.regular.encodeText(safe));
        assert.doesNotMatch(safe, /\p{Cf}/u);
      }),
      { seed: 7, numRuns: 500 },
    );
    assert.equal(sanitize('\u202egnp.exe 🚀', embedded.regular), 'gnp.exe ?');
  });
});
