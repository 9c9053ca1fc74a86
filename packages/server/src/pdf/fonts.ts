/**
 * The PDFs' typeface: DejaVu Sans Condensed (the Bitstream Vera licence: free to embed and
 * redistribute; shipped inside the dejavu-fonts-ttf package), embedded and subset. The
 * standard PDF fonts only encode WinAnsi, which has no č, ě, ř or ů; DejaVu covers every
 * language the components speak and far more. Read from the package once per process, never
 * fetched. (Noto Sans was tried first: fontkit's subsetting drops most of its glyphs.)
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

const require = createRequire(import.meta.url);
const FILES = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf',
} as const;

export interface PdfFonts {
  regular: PDFFont;
  bold: PDFFont;
}

let files: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

function fontFiles() {
  files ??= Promise.all([readFile(require.resolve(FILES.regular)), readFile(require.resolve(FILES.bold))]).then(
    ([regular, bold]) => ({ regular, bold }),
  );
  return files;
}

/** Embeds both weights in `pdf`; only the glyphs drawn end up in the file. */
export async function embedFonts(pdf: PDFDocument): Promise<PdfFonts> {
  const { regular, bold } = await fontFiles();
  pdf.registerFontkit(fontkit);
  return {
    regular: await pdf.embedFont(regular, { subset: true }),
    bold: await pdf.embedFont(bold, { subset: true }),
  };
}
