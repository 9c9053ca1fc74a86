/**
 * Just enough PDF reading to check what a page says, the way a viewer's copy and search do:
 * each page's content streams are read in drawing order, and a string shown with an embedded
 * font is decoded through that font's ToUnicode map (a standard font's through WinAnsi).
 */
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  type PDFObject,
} from 'pdf-lib';

/** WinAnsiEncoding's 0x80–0x9F; every other byte is Latin-1. */
const WIN_ANSI_HIGH: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š',
  0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—',
  0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

const decodeWinAnsi = (bytes: number[]) => bytes.map((b) => WIN_ANSI_HIGH[b] ?? String.fromCharCode(b)).join('');

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

function streamText(pdf: PDFDocument, object: PDFObject | undefined): string {
  const resolved = object instanceof PDFRef ? pdf.context.lookup(object) : object;
  if (resolved instanceof PDFRawStream) return latin1(decodePDFRawStream(resolved).decode());
  if (resolved instanceof PDFArray) return resolved.asArray().map((part) => streamText(pdf, part)).join('\n');
  return '';
}

/** Glyph id (hex) → text, from a ToUnicode CMap's bfchar entries. */
function toUnicodeMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, glyph, unicode] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const units = unicode!.match(/.{4}/g)!.map((u) => parseInt(u, 16));
      map.set(glyph!.toLowerCase(), String.fromCharCode(...units));
    }
  }
  return map;
}

type Decoder = (hex: string) => string;

function fontDecoders(pdf: PDFDocument, resources: PDFDict | undefined): Map<string, Decoder> {
  const decoders = new Map<string, Decoder>();
  const fonts = resources?.lookupMaybe(PDFName.of('Font'), PDFDict);
  for (const [name, ref] of fonts?.entries() ?? []) {
    const font = pdf.context.lookup(ref, PDFDict);
    const toUnicode = font.get(PDFName.of('ToUnicode'));
    if (toUnicode) {
      const map = toUnicodeMap(streamText(pdf, toUnicode));
      decoders.set(name.asString(), (hex) => (hex.toLowerCase().match(/.{4}/g) ?? []).map((g) => map.get(g) ?? '\ufffd').join(''));
    } else {
      decoders.set(name.asString(), (hex) => decodeWinAnsi((hex.match(/.{2}/g) ?? []).map((b) => parseInt(b, 16))));
    }
  }
  return decoders;
}

export interface PdfItem {
  text: string;
  /** Where the string starts, in points from the page's bottom left (its text matrix). */
  x: number;
  y: number;
  page: number;
}

/** Every string shown with Tj, with where it starts, in drawing order, page after page. */
export async function pdfItems(bytes: Uint8Array): Promise<PdfItem[]> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const items: PdfItem[] = [];
  for (const [page, pdfPage] of pdf.getPages().entries()) {
    const decoders = fontDecoders(pdf, pdfPage.node.Resources());
    let decode: Decoder = (hex) => hex;
    let x = 0;
    let y = 0;
    const content = streamText(pdf, pdfPage.node.get(PDFName.of('Contents')));
    const ops = /(\/[^\s/]+)\s+[\d.]+\s+Tf|([-\d.]+)\s+([-\d.]+)\s+Tm|([-\d.]+)\s+([-\d.]+)\s+Td|<([0-9A-Fa-f\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g;
    for (const m of content.matchAll(ops)) {
      if (m[1] !== undefined) decode = decoders.get(m[1]) ?? decode;
      else if (m[2] !== undefined) [x, y] = [Number(m[2]), Number(m[3])];
      else if (m[4] !== undefined) [x, y] = [x + Number(m[4]), y + Number(m[5])];
      else if (m[6] !== undefined) items.push({ text: decode(m[6].replace(/\s+/g, '')), x, y, page });
      else items.push({ text: m[7]!.replace(/\\(.)/g, '$1'), x, y, page });
    }
  }
  return items;
}

/** Every string shown with Tj, one per line, in drawing order, page after page. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  return (await pdfItems(bytes)).map((item) => item.text).join('\n');
}

/** The fonts a PDF uses: name and the size of its embedded file (FontFile2, decoded; 0 when not embedded). */
export async function pdfFonts(bytes: Uint8Array): Promise<{ name: string; fontFile: number }[]> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const out = new Map<string, { name: string; fontFile: number }>();
  for (const page of pdf.getPages()) {
    const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const [, ref] of fonts?.entries() ?? []) {
      const font = pdf.context.lookup(ref, PDFDict);
      const name = font.lookup(PDFName.of('BaseFont'), PDFName).decodeText();
      const descendant = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookup(0, PDFDict);
      const descriptor = (descendant ?? font).lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
      const file = descriptor?.get(PDFName.of('FontFile2'));
      out.set(name, { name, fontFile: file ? streamText(pdf, file).length : 0 });
    }
  }
  return [...out.values()];
}
