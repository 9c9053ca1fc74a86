/**
 * Where a document opens in the organization's billing app (`Document.externalUrl`).
 *
 * `billingAppUrl` is a URL template: `{id}` and `{number}` are replaced by the document's id and
 * number (URL-encoded), e.g. `https://billing.example.com/invoices/{number}`. A URL without
 * either placeholder is a base: `/documents/{id}` is appended to it.
 */
export interface ExternalUrlFacts {
  id: string;
  number: string;
}

// `new URL()` percent-encodes braces, so a stored template may hold either spelling.
const PLACEHOLDER = /\{(id|number)\}|%7B(id|number)%7D/gi;

export function documentExternalUrl(billingAppUrl: string | null | undefined, doc: ExternalUrlFacts): string | null {
  if (!billingAppUrl) return null;
  let templated = false;
  const url = billingAppUrl.replace(PLACEHOLDER, (_, a?: string, b?: string) => {
    templated = true;
    return encodeURIComponent((a ?? b)!.toLowerCase() === 'id' ? doc.id : doc.number);
  });
  return templated ? url : `${billingAppUrl.replace(/\/+$/, '')}/documents/${encodeURIComponent(doc.id)}`;
}
