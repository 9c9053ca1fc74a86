/**
 * Document numbers: `INV-000012`, `QT-000045` — a prefix per kind and the organization's
 * counter for that kind, at least six digits (the millionth invoice is `INV-1000000`). The
 * server hands them out; anyone reading a number back (the fuzz invariants, a host linking
 * to a document by number) parses it here.
 */
import { documentKinds, type DocumentKind } from '../status.js';

export const documentNumberPrefixes: Readonly<Record<DocumentKind, string>> = { invoice: 'INV', quote: 'QT' };

/** Digits a number is padded to. */
export const DOCUMENT_NUMBER_DIGITS = 6;

/** The number of the `n`th document of a kind (n ≥ 1, a safe integer). */
export function documentNumber(kind: DocumentKind, n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`A document number counts from 1: ${n}`);
  return `${documentNumberPrefixes[kind]}-${String(n).padStart(DOCUMENT_NUMBER_DIGITS, '0')}`;
}

const NUMBER = /^([A-Z]+)-(\d+)$/;

/** The kind and counter of a document number, or null when it is not one `documentNumber` makes. */
export function parseDocumentNumber(text: string): { kind: DocumentKind; n: number } | null {
  const match = NUMBER.exec(text);
  if (!match) return null;
  const [, prefix, digits] = match as unknown as [string, string, string];
  const kind = documentKinds.find((k) => documentNumberPrefixes[k] === prefix);
  const n = Number(digits);
  if (!kind || !Number.isSafeInteger(n) || n < 1) return null;
  // Exactly the spelling documentNumber gives: padded to six digits, no extra leading zeros.
  return documentNumber(kind, n) === text ? { kind, n } : null;
}

/** Whether `text` is a document number (of `kind`, when given). */
export function isDocumentNumber(text: string, kind?: DocumentKind): boolean {
  const parsed = parseDocumentNumber(text);
  return parsed !== null && (kind === undefined || parsed.kind === kind);
}
