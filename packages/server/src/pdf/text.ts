/**
 * Text for PDF standard fonts. They encode WinAnsi only, and pdf-lib throws on anything else —
 * so every string is mapped first: unsupported letters lose their accents (č → c), odd spaces
 * become spaces, and whatever is left becomes "?". User input can never crash a PDF.
 */
import type { PDFFont } from 'pdf-lib';

const SPACES = /[\s\u2000-\u200b\u202f\u205f\u3000]/u;
const supported = new WeakMap<PDFFont, Set<number>>();

function charsetOf(font: PDFFont): Set<number> {
  let set = supported.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    supported.set(font, set);
  }
  return set;
}

export function sanitize(text: string, font: PDFFont): string {
  const charset = charsetOf(font);
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (cp !== 0xa0 && SPACES.test(ch)) {
      out += ' ';
    } else if (charset.has(cp)) {
      out += ch;
    } else {
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base && [...base].every((c) => charset.has(c.codePointAt(0)!)) ? base : '?';
    }
  }
  return out;
}

/** Greedy word wrap to `width` points; over-long words are cut. At most `maxLines` lines. */
export function wrap(text: string, font: PDFFont, size: number, width: number, maxLines = 8): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/).map((p) => sanitize(p, font))) {
    let line = '';
    for (const word of paragraph.split(' ').filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = word;
      while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
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
