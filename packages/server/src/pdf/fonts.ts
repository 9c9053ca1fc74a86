/**
 * The PDFs' typeface: DejaVu Sans Condensed (the Bitstream Vera licence: free to embed and
 * redistribute; shipped inside the dejavu-fonts-ttf package), embedded and subset. The
 * standard PDF fonts only encode WinAnsi, which has no č, ě, ř or ů; DejaVu covers every
 * language the components speak and far more. (Noto Sans was tried first: fontkit's subsetting
 * drops most of its glyphs.) Where the files come from is the runner's business — Node reads
 * them from the package, a browser tab fetches them — so the core takes a `FontSource`.
 */
import type { PDFDocument, PDFFont } from 'pdf-lib';

/** The two font files' bytes; called once per PDF, so a source caches what it loads. */
export type FontSource = () => Promise<{ regular: Uint8Array; bold: Uint8Array }>;

/** The files inside the dejavu-fonts-ttf package. */
export const FONT_FILES = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf',
} as const;

export interface PdfFonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** A source that loads once and keeps the bytes; a failed load is tried again next time. */
export function cachedFontSource(load: FontSource): FontSource {
  let files: ReturnType<FontSource> | undefined;
  return () => {
    files ??= load().catch((error: unknown) => {
      files = undefined;
      throw error;
    });
    return files;
  };
}

/** Fetches both files from a folder URL (a browser tab: wherever the runner serves them). */
export function fetchedFontSource(baseUrl: string | URL): FontSource {
  const get = async (name: string) => {
    const response = await fetch(new URL(name, baseUrl));
    if (!response.ok) throw new Error(`The PDF font ${name} could not be loaded (${response.status})`);
    return new Uint8Array(await response.arrayBuffer());
  };
  return cachedFontSource(async () => {
    const [regular, bold] = await Promise.all([get('DejaVuSansCondensed.ttf'), get('DejaVuSansCondensed-Bold.ttf')]);
    return { regular, bold };
  });
}

/** Embeds both weights in `pdf`; only the glyphs drawn end up in the file. */
export async function embedFonts(pdf: PDFDocument, source: FontSource): Promise<PdfFonts> {
  const [{ regular, bold }, { default: fontkit }] = await Promise.all([source(), import('@pdf-lib/fontkit')]);
  pdf.registerFontkit(fontkit);
  return {
    regular: await pdf.embedFont(regular, { subset: true }),
    bold: await pdf.embedFont(bold, { subset: true }),
  };
}
