// The script tag's provider, at the document's root, made before any tag is registered: the
// components already in the page ask for their context the moment they upgrade, and a
// provider that appeared later would not hear them.
//
// Only the first copy of the script on a page makes one. A second copy (the same bundle
// under another URL) shares the first one's chunks, so its contexts too: a second provider on
// the same root would answer the components' requests as well — unconfigured — and win.
import { provideLedger, type LedgerRuntime } from './context/runtime.js';

export const pageRuntime: LedgerRuntime | undefined = window.Ledgerside ? undefined : provideLedger(document.documentElement, {});
