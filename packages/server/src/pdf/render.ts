/**
 * Invoice and quote PDFs with pdf-lib in an embedded, subset Noto Sans (./fonts.ts), so Czech
 * and Spanish print whole. Amounts use the contract's `formatMoney` in the customer's
 * language; a line's amount is the contract's net amount, the one the components show.
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatMoney, type CustomerWithBalance, type Document } from '@ledgerside/contract';
import { formatDate, labelsFor } from '../i18n.js';
import type { OrgRow } from '../services/organizations.js';
import { embedFonts, type FontSource } from './fonts.js';
import { sanitize, wrap } from './text.js';

export interface PdfInput {
  document: Document;
  customer: CustomerWithBalance;
  organization: Pick<OrgRow, 'name' | 'details'>;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const GREY = rgb(0.4, 0.4, 0.4);
const LINE = rgb(0.8, 0.8, 0.8);

/** Table columns: description on the left, numbers right-aligned at their `right` edge. */
const COLUMNS = { description: 50, quantity: 265, unitPrice: 345, discount: 405, tax: 460, amount: 545 };

function addressLines(address: { line1: string; line2?: string; city: string; region?: string; postalCode: string; country: string } | null | undefined): string[] {
  if (!address) return [];
  return [
    address.line1,
    address.line2 ?? '',
    [address.postalCode, address.city, address.region].filter(Boolean).join(' '),
    address.country,
  ].filter((l) => l.trim());
}

const decimals = new Map<string, Intl.NumberFormat | null>();

function decimal(value: number, language: string): string {
  if (!decimals.has(language)) {
    try {
      decimals.set(language, new Intl.NumberFormat(language, { maximumFractionDigits: 4 }));
    } catch {
      decimals.set(language, null);
    }
  }
  return decimals.get(language)?.format(value) ?? String(value);
}

export async function renderDocumentPdf({ document: doc, customer, organization }: PdfInput, fonts: FontSource): Promise<Uint8Array> {
  const language = customer.language;
  const t = labelsFor(language);
  const money = (minor: number) => formatMoney(minor, doc.currency, language);
  const pdf = await PDFDocument.create();
  const title = `${t[doc.kind]} ${doc.number}`;
  pdf.setTitle(title);
  pdf.setAuthor(organization.name);
  pdf.setCreator('Ledgerside');
  const { regular, bold } = await embedFonts(pdf, fonts);

  let page: PDFPage = pdf.addPage(A4);
  let y = A4[1] - MARGIN;

  const text = (s: string, x: number, at: number, size = 10, font: PDFFont = regular, color = rgb(0, 0, 0)) =>
    page.drawText(sanitize(s, font), { x, y: at, size, font, color });
  const right = (s: string, edge: number, at: number, size = 10, font: PDFFont = regular) => {
    const safe = sanitize(s, font);
    page.drawText(safe, { x: edge - font.widthOfTextAtSize(safe, size), y: at, size, font });
  };

  // Issuer, top left; document facts, top right.
  text(organization.name, MARGIN, y, 16, bold);
  const details = organization.details ?? {};
  let left = y - 18;
  for (const line of [...addressLines(details.address), details.email ?? '', details.phone ?? '', details.taxId ? `${t.taxId}: ${details.taxId}` : '']) {
    if (!line) continue;
    text(line, MARGIN, left, 9, regular, GREY);
    left -= 12;
  }
  right(t[doc.kind].toUpperCase(), A4[0] - MARGIN, y, 20, bold);
  let facts = y - 22;
  const factRows: [string, string][] = [
    [t.number, doc.number],
    [t.issueDate, formatDate(doc.issueDate, language)],
    // A quote's date is how long the offer stands, as the components call it.
    ...(doc.dueDate ? [[doc.kind === 'quote' ? t.validUntil : t.dueDate, formatDate(doc.dueDate, language)] as [string, string]] : []),
    ...(doc.reference ? [[t.reference, doc.reference] as [string, string]] : []),
  ];
  for (const [label, value] of factRows) {
    right(`${label}: ${value}`, A4[0] - MARGIN, facts, 10);
    facts -= 13;
  }
  y = Math.min(left, facts) - 20;

  // Bill to.
  text(t.billTo, MARGIN, y, 9, bold, GREY);
  y -= 14;
  const billTo = [
    customer.displayName,
    customer.companyName && customer.companyName !== customer.displayName ? customer.companyName : '',
    ...addressLines(customer.billingAddress),
    customer.email,
    customer.taxId ? `${t.taxId}: ${customer.taxId}` : '',
  ].filter(Boolean);
  for (const [i, line] of billTo.entries()) {
    text(line, MARGIN, y, 10, i === 0 ? bold : regular);
    y -= 13;
  }
  y -= 14;

  const tableHeader = () => {
    text(t.description, COLUMNS.description, y, 8, bold);
    right(t.quantity, COLUMNS.quantity, y, 8, bold);
    right(t.unitPrice, COLUMNS.unitPrice, y, 8, bold);
    right(t.discount, COLUMNS.discount, y, 8, bold);
    right(t.tax, COLUMNS.tax, y, 8, bold);
    right(t.amount, COLUMNS.amount, y, 8, bold);
    y -= 6;
    page.drawLine({ start: { x: MARGIN, y }, end: { x: A4[0] - MARGIN, y }, thickness: 0.7, color: LINE });
    y -= 14;
  };
  const newPage = () => {
    page = pdf.addPage(A4);
    y = A4[1] - MARGIN;
    tableHeader();
  };
  tableHeader();

  for (const line of doc.lines) {
    const description = wrap(line.description, regular, 10, COLUMNS.quantity - 60 - COLUMNS.description);
    if (y - description.length * 12 < MARGIN + 40) newPage();
    right(decimal(line.quantity, language), COLUMNS.quantity, y);
    right(money(line.unitPrice), COLUMNS.unitPrice, y);
    right(line.discountPercent ? `${decimal(line.discountPercent, language)} %` : '', COLUMNS.discount, y);
    right(line.taxRatePercent ? `${decimal(line.taxRatePercent, language)} %` : '', COLUMNS.tax, y);
    // Net of the line's discount, before tax: the same amount as the form and the list, and
    // the column sums to the subtotal less the discount printed below it.
    right(money(line.amounts.net), COLUMNS.amount, y);
    for (const part of description) {
      page.drawText(part, { x: COLUMNS.description, y, size: 10, font: regular });
      y -= 12;
    }
    y -= 4;
  }

  // Totals, right aligned under the amounts.
  const totals: [string, string, boolean][] = [[t.subtotal, money(doc.totals.subtotal), false]];
  if (doc.totals.discount) totals.push([t.discount, money(-doc.totals.discount), false]);
  totals.push([t.tax, money(doc.totals.tax), false], [t.total, money(doc.totals.total), true]);
  if (doc.kind === 'invoice' && doc.amountPaid) totals.push([t.paid, money(doc.amountPaid), false]);
  if (doc.kind === 'invoice') totals.push([t.balanceDue, money(doc.balance), true]);
  if (y - totals.length * 15 - 20 < MARGIN) newPage();
  y -= 4;
  // Labels end a gap left of the widest amount, however long the currency's format is.
  const widest = Math.max(...totals.map(([, value]) => bold.widthOfTextAtSize(sanitize(value, bold), 10)));
  const labelEdge = COLUMNS.amount - widest - 16;
  page.drawLine({ start: { x: labelEdge - 90, y: y + 10 }, end: { x: A4[0] - MARGIN, y: y + 10 }, thickness: 0.7, color: LINE });
  for (const [label, value, strong] of totals) {
    const font = strong ? bold : regular;
    right(label, labelEdge, y, 10, font);
    right(value, COLUMNS.amount, y, 10, font);
    y -= 15;
  }

  if (doc.notes) {
    y -= 10;
    const notes = wrap(doc.notes, regular, 9, A4[0] - 2 * MARGIN, 30);
    if (y - notes.length * 11 - 14 < MARGIN) newPage();
    text(t.notes, MARGIN, y, 9, bold, GREY);
    y -= 13;
    for (const part of notes) {
      page.drawText(part, { x: MARGIN, y, size: 9, font: regular });
      y -= 11;
    }
  }

  const pages = pdf.getPages();
  for (const [i, p] of pages.entries()) {
    const footer = sanitize(`${title} – ${t.page} ${i + 1}/${pages.length}`, regular);
    p.drawText(footer, { x: MARGIN, y: 25, size: 8, font: regular, color: GREY });
  }
  return pdf.save();
}
