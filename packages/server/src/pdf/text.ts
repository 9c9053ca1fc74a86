/**
 * Text for a PDF font. pdf-lib throws on a character the font cannot encode (the standard
 * fonts: anything outside WinAnsi; an embedded font: what it has no glyph for, such as emoji
 * in DejaVu) — so every string is mapped first: a letter the font lacks loses its accent
 * when the bare letter exists, odd spaces become spaces, invisible format characters go, and
 * whatever is left becomes "?".
 * User input can never crash a PDF.
 */
import type { PDFFont } from 'pdf-lib';

const SPACES = /[\s\u2000-\u200b\u202f\u205f\u3000]/u;
const FORMAT = /\p{Cf}/u;
const supported = new WeakMap<PDFFont, Set<number>>();

function charsetOf(font: PDFFont): Set<number> {
  let set = supported.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    supported.set(font, set);
  }
  return set;
}

const mapped = new WeakMap<PDFFont, Map<string, string>>();

/** What one character becomes in `font`: itself, a space, its unaccented letters, or "?". */
function mapChar(ch: string, font: PDFFont): string {
  const cp = ch.codePointAt(0)!;
  const charset = charsetOf(font);
  if (cp !== 0xa0 && SPACES.test(ch)) return ' ';
  // Invisible format characters (bidi overrides, joiners, soft hyphens): a PDF line has no
  // bidi or hyphenation to apply them to, and an override could disguise a file name.
  if (FORMAT.test(ch)) return '';
  if (charset.has(cp)) return ch;
  const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
  return base && [...base].every((c) => charset.has(c.codePointAt(0)!)) ? base : '?';
}

export function sanitize(text: string, font: PDFFont): string {
  let cache = mapped.get(font);
  if (!cache) mapped.set(font, (cache = new Map()));
  let out = '';
  for (const ch of text.normalize('NFC')) {
    let to = cache.get(ch);
    if (to === undefined) cache.set(ch, (to = mapChar(ch, font)));
    out += to;
  }
  return out;
}

const glyphWidths = new WeakMap<PDFFont, Map<string, number>>();

/** A character's width at size 1, measured once per font. Kerning, which only narrows pairs, is left out: a line may wrap a little early, never overflow. */
function widthOf(font: PDFFont, ch: string): number {
  let widths = glyphWidths.get(font);
  if (!widths) glyphWidths.set(font, (widths = new Map()));
  let w = widths.get(ch);
  if (w === undefined) widths.set(ch, (w = font.widthOfTextAtSize(ch, 1)));
  return w;
}

const textWidth = (text: string, font: PDFFont) => {
  let w = 0;
  for (const ch of text) w += widthOf(font, ch);
  return w;
};

/**
 * Greedy word wrap to `width` points; over-long words are cut. At most `maxLines` lines, the
 * last ending in "..." when text was left out. Widths are summed per character, and wrapping
 * stops once the lines are full: a 2,000-character line description costs microseconds.
 */
export function wrap(text: string, font: PDFFont, size: number, width: number, maxLines = 8): string[] {
  const room = width / size;
  const lines: string[] = [];
  const full = () => lines.length > maxLines;
  for (const paragraph of text.split(/\r?\n/)) {
    if (full()) break;
    let line = '';
    let lineWidth = 0;
    for (const word of sanitize(paragraph, font).split(' ').filter(Boolean)) {
      if (full()) break;
      const wordWidth = textWidth(word, font);
      const joined = line ? lineWidth + widthOf(font, ' ') + wordWidth : wordWidth;
      if (joined <= room) {
        line = line ? `${line} ${word}` : word;
        lineWidth = joined;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      lineWidth = 0;
      // A word wider than the column: cut it where it stops fitting.
      for (const ch of word) {
        const w = widthOf(font, ch);
        if (line && lineWidth + w > room) {
          lines.push(line);
          if (full()) break;
          line = '';
          lineWidth = 0;
        }
        line += ch;
        lineWidth += w;
      }
    }
    lines.push(line);
  }
  const trimmed = lines.length > 1 && lines.at(-1) === '' ? lines.slice(0, -1) : lines;
  if (trimmed.length <= maxLines) return trimmed;
  const kept = trimmed.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.replace(/.{0,3}$/, '')}...`;
  return kept;
}
