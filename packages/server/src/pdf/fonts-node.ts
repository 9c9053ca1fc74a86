/** Node's font source: the files read from the dejavu-fonts-ttf package, once per process. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cachedFontSource, FONT_FILES, type FontSource } from './fonts.js';

const require = createRequire(import.meta.url);

export const nodeFontSource: FontSource = cachedFontSource(async () => {
  const [regular, bold] = await Promise.all([readFile(require.resolve(FONT_FILES.regular)), readFile(require.resolve(FONT_FILES.bold))]);
  return { regular, bold };
});

/** The folder holding the font files (served to browsers running the core). */
export const fontsDir = (): string => require.resolve(FONT_FILES.regular).replace(/[^/\\]+$/, '');
