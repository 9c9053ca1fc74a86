/**
 * A connected organization's books in the components' words: "Open in QuickBooks", "Saving to
 * QuickBooks…", what QuickBooks refused (by its reason, in the person's language), the tax it
 * computed instead of the entered one, and how fresh the mirror is ("Last synced 2 min ago").
 */
import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { formatMoney, type BooksSummary, type Document } from '@ledgerside/contract';

/** The menu entry / button that opens the document where its books are. */
export function openExternalLabel(doc: Pick<Document, 'books'>): string {
  return doc.books ? msg(str`Open in ${doc.books.providerName}`) : msg('Open in billing app');
}

/** A refusal of the books, said in the person's language where its reason is known. */
export function refusalText(reason: string | undefined, provider: string, fallback: string): string {
  switch (reason) {
    case 'tax_code_missing':
      return msg(str`${provider} needs a tax code for this tax rate. An admin can map one in the books settings.`);
    case 'currency_not_enabled':
      return msg(str`${provider} does not keep this currency for the company. Use one of its currencies, or turn on multicurrency in ${provider}.`);
    case 'books_unreachable':
      return msg(str`${provider} cannot be reached right now. Nothing was changed; try again in a minute.`);
    case 'changed_in_quickbooks':
      return msg(str`Someone changed this in ${provider} meanwhile. ${provider}’s version is shown; the change made here was not applied.`);
    case 'books_pending':
      return msg(str`${provider} does not have this document yet. Try again once it is saved there.`);
    default:
      return fallback;
  }
}

/** Under a document: saving, refused, or computed differently by the books. */
export function booksNote(doc: Document, locale: string | undefined): unknown {
  const books = doc.books;
  if (!books) return nothing;
  const name = books.providerName;
  if (books.state === 'pending') {
    return html`<span class="books-note" part="books-note" data-state="pending" role="status">${msg(str`Saving to ${name}…`)}</span>`;
  }
  if (books.state === 'failed') {
    return html`<span class="books-note" part="books-note" data-state="failed" role="alert">${msg(str`Not saved to ${name}:`)} ${refusalText(books.error?.reason, name, books.error?.message ?? '')}</span>`;
  }
  if (books.error) {
    return html`<span class="books-note" part="books-note" data-state="notice">${refusalText(books.error.reason, name, books.error.message)}</span>`;
  }
  if (books.enteredTotals && books.enteredTotals.tax !== doc.totals.tax) {
    const theirs = formatMoney(doc.totals.tax, doc.currency, locale);
    const entered = formatMoney(books.enteredTotals.tax, doc.currency, locale);
    return html`<span class="books-note" part="books-note" data-state="notice">${msg(str`${name} calculated the tax as ${theirs} (entered: ${entered}).`)}</span>`;
  }
  return nothing;
}

/** "Last synced 2 min ago", or that the books cannot be reached. */
export function lastSynced(books: BooksSummary | null | undefined, locale: string | undefined, now = Date.now()): string | null {
  if (!books) return null;
  if (!books.reachable) return msg(str`${books.providerName} cannot be reached; showing what was last synced.`);
  if (!books.lastSyncAt) return null;
  const minutes = Math.round((now - Date.parse(books.lastSyncAt)) / 60_000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  const ago = minutes < 60 ? format.format(-minutes, 'minute') : format.format(-Math.round(minutes / 60), 'hour');
  return msg(str`Last synced ${ago}`);
}
