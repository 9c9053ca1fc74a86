/**
 * The PDF renderer, loaded with the first PDF asked for: pdf-lib and fontkit are ≈ 8 MB of
 * script that a core in a browser tab (a test, a story) or a server starting up need not parse
 * before it answers its first request.
 */
import type { renderDocumentPdf as render } from './render.js';

export const renderDocumentPdf: typeof render = async (...args) => (await import('./render.js')).renderDocumentPdf(...args);
