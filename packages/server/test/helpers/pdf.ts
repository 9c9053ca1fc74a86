/**
 * Just enough PDF reading to check what a page says: inflate the content streams and decode
 * the text-showing operators pdf-lib writes for the standard (WinAnsi) fonts.
 */
import { constants, inflateSync } from 'node:zlib';

/** WinAnsiEncoding's 0x80–0x9F; every other byte is Latin-1. */
const WIN_ANSI_HIGH: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š',
  0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—',
  0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

function decodeWinAnsi(bytes: number[]): string {
  return bytes.map((b) => WIN_ANSI_HIGH[b] ?? String.fromCharCode(b)).join('');
}

function streams(pdf: Uint8Array): string[] {
  const text = Buffer.from(pdf).toString('latin1');
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const start = text.indexOf('stream', at);
    if (start < 0) break;
    if (text.slice(start - 3, start) === 'end') {
      at = start + 6;
      continue;
    }
    const dataStart = start + 6 + (text[start + 6] === '\r' ? 2 : 1);
    const end = text.indexOf('endstream', dataStart);
    if (end < 0) break;
    const dictionary = text.slice(Math.max(0, text.lastIndexOf('<<', start)), start);
    const raw = Buffer.from(pdf.subarray(dataStart, end));
    try {
      out.push(
        dictionary.includes('/FlateDecode')
          ? inflateSync(raw, { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1')
          : raw.toString('latin1'),
      );
    } catch {
      // not a stream we can read (fonts, images): skip
    }
    at = end + 9;
  }
  return out;
}

/** Every string shown with Tj, one per line, in drawing order. */
export function pdfText(pdf: Uint8Array): string {
  const lines: string[] = [];
  for (const content of streams(pdf)) {
    for (const match of content.matchAll(/<([0-9A-Fa-f\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g)) {
      if (match[1] !== undefined) {
        const hex = match[1].replace(/\s+/g, '');
        const bytes = [];
        for (let i = 0; i < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
        lines.push(decodeWinAnsi(bytes));
      } else {
        lines.push(match[2]!.replace(/\\(.)/g, '$1'));
      }
    }
  }
  return lines.join('\n');
}
