// The script tag's provider, at the document's root, made before any tag is registered: the
// components already in the page ask for their context the moment they upgrade, and a
// provider that appeared later would not hear them.
import { provideLedger, type LedgerRuntime } from './context/runtime.js';

export const pageRuntime: LedgerRuntime = provideLedger(document.documentElement, {});
