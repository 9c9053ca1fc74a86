/**
 * Ledgerside ⇄ QuickBooks Online, field by field. Money crosses exactly: minor units become
 * decimal text with the currency's exponent (JPY 0, USD 2, KWD 3) and come back through BigInt,
 * never a float; lines become SalesItemLineDetail lines (Amount = Qty × UnitPrice, the
 * discount as DiscountAmt, the tax rate as the company's tax code the admin mapped it to), and
 * the tax Ledgerside computed is stated as the transaction's tax lines — which QuickBooks may
 * still recompute (automated sales tax): its totals are read back and win, and the entered
 * ones are kept beside them so people are told.
 *
 * Status has no field in QuickBooks: it is derived as the field notes say (see `statusOf`).
 */
import { LosslessNumber } from 'lossless-json';
import {
  currencyExponent,
  toScaled,
  type Address,
  type CustomerWithBalance,
  type Document,
  type DocumentStatus,
  type Totals,
} from '@ledgerside/contract';
import { decimalText, type Json } from './client.js';

/** Minor units → a JSON number with exactly the currency's decimals (lossless-json writes it as is). */
export function toAmount(minor: number | bigint, currency: string): LosslessNumber {
  const exponent = currencyExponent(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, '0');
  const text = exponent ? `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` : digits;
  return new LosslessNumber(`${negative ? '-' : ''}${text}`);
}

/** A QuickBooks amount → minor units of the currency; null when it is not an exact amount of it. */
export function fromAmount(value: unknown, currency: string): number | null {
  const text = decimalText(value);
  if (text === null) return null;
  const normalized = /e/i.test(text) ? Number(text).toFixed(currencyExponent(currency) + 2) : text;
  try {
    // Trailing zeros beyond the exponent are fine (1.50 for JPY is not; 1.500 for USD is).
    const trimmed = normalized.includes('.') ? normalized.replace(/0+$/, '').replace(/\.$/, '') : normalized;
    const scaled = toScaled(trimmed, currencyExponent(currency));
    const n = Number(scaled);
    return Number.isSafeInteger(n) ? n : null;
  } catch {
    return null;
  }
}

/** A decimal with up to `decimals` places as a JSON number that keeps its digits. */
function decimalNumber(value: number | string): LosslessNumber {
  return new LosslessNumber(String(value));
}

export interface TaxMapping {
  ratePercent: number;
  taxCodeId: string;
}

export interface InvoiceContext {
  customerVendorId: string;
  taxMapping: readonly TaxMapping[];
  itemId: string | null;
  /** The company's tax rate ids by code (for the stated tax lines). */
  taxRates: ReadonlyMap<string, string>;
}

/** A line's tax rate has no QuickBooks tax code yet: the admin must map it. */
export class UnmappedTaxRate extends Error {
  constructor(
    readonly lineIndex: number,
    readonly ratePercent: number,
  ) {
    super(`No QuickBooks tax code is mapped to ${ratePercent} %.`);
  }
}

/**
 * The admin's mapping, completed where the company leaves no doubt: a rate nobody mapped takes
 * the one tax code of the company charging exactly that rate (0 % → the exempt code).
 */
export function effectiveTaxMapping(row: { tax_mapping: readonly TaxMapping[]; tax_codes: readonly { id: string; ratePercent: number | null }[] }): TaxMapping[] {
  const mapping = [...row.tax_mapping];
  const byRate = new Map<number, string[]>();
  for (const code of row.tax_codes) {
    if (code.ratePercent === null) continue;
    byRate.set(code.ratePercent, [...(byRate.get(code.ratePercent) ?? []), code.id]);
  }
  for (const [rate, ids] of byRate) {
    if (ids.length === 1 && !mapping.some((m) => Number(m.ratePercent) === rate)) mapping.push({ ratePercent: rate, taxCodeId: ids[0]! });
  }
  return mapping;
}

export function taxCodeFor(mapping: readonly TaxMapping[], ratePercent: number): string | null {
  return mapping.find((m) => Number(m.ratePercent) === Number(ratePercent))?.taxCodeId ?? null;
}

/** An invoice or a quote as QuickBooks' Invoice / Estimate body (without Id/SyncToken). */
export function toTransaction(doc: Document, ctx: InvoiceContext): Json {
  const currency = doc.currency;
  const taxByCode = new Map<string, { net: bigint; tax: bigint; percent: number }>();
  const lines = doc.lines.map((line, index) => {
    const code = taxCodeFor(ctx.taxMapping, Number(line.taxRatePercent ?? 0));
    if (code === null) throw new UnmappedTaxRate(index, Number(line.taxRatePercent ?? 0));
    const group = taxByCode.get(code) ?? { net: 0n, tax: 0n, percent: Number(line.taxRatePercent ?? 0) };
    group.net += BigInt(line.amounts.net);
    group.tax += BigInt(line.amounts.tax);
    taxByCode.set(code, group);
    const detail: Json = {
      ...(ctx.itemId ? { ItemRef: { value: ctx.itemId } } : {}),
      Qty: decimalNumber(line.quantity),
      UnitPrice: toAmount(line.unitPrice, currency),
      TaxCodeRef: { value: code },
      ...(line.amounts.discount ? { DiscountAmt: toAmount(line.amounts.discount, currency) } : {}),
    };
    return {
      DetailType: 'SalesItemLineDetail',
      Description: line.description,
      Amount: toAmount(line.amounts.gross, currency),
      SalesItemLineDetail: detail,
    };
  });
  // The tax Ledgerside computed, per tax code, stated so QuickBooks keeps it where it may.
  const taxLines = [...taxByCode].flatMap(([code, group]) => {
    const rateId = ctx.taxRates.get(code);
    if (!rateId || group.tax === 0n) return [];
    return [{
      DetailType: 'TaxLineDetail',
      Amount: toAmount(group.tax, currency),
      TaxLineDetail: { TaxRateRef: { value: rateId }, PercentBased: true, TaxPercent: decimalNumber(group.percent), NetAmountTaxable: toAmount(group.net, currency) },
    }];
  });
  return {
    CustomerRef: { value: ctx.customerVendorId },
    DocNumber: doc.number,
    TxnDate: doc.issueDate,
    ...(doc.dueDate ? { [doc.kind === 'quote' ? 'ExpirationDate' : 'DueDate']: doc.dueDate } : {}),
    CurrencyRef: { value: currency },
    GlobalTaxCalculation: 'TaxExcluded',
    ...(doc.notes ? { CustomerMemo: { value: doc.notes.slice(0, 1000) } } : {}),
    ...(doc.reference ? { PrivateNote: `Ref: ${doc.reference}`.slice(0, 4000) } : {}),
    Line: lines,
    TxnTaxDetail: { TotalTax: toAmount(doc.totals.tax, currency), TaxLine: taxLines },
  };
}

/** QuickBooks' totals for a transaction, in minor units. */
export function totalsOf(txn: Json, currency: string): Totals & { balance: number | null } {
  const total = fromAmount(txn.TotalAmt, currency) ?? 0;
  const tax = fromAmount((txn.TxnTaxDetail as Json | undefined)?.TotalTax, currency) ?? 0;
  let discount = 0;
  for (const line of (txn.Line as Json[] | undefined) ?? []) {
    if (line.DetailType === 'SalesItemLineDetail') discount += fromAmount((line.SalesItemLineDetail as Json | undefined)?.DiscountAmt, currency) ?? 0;
    if (line.DetailType === 'DiscountLineDetail') discount += fromAmount(line.Amount, currency) ?? 0;
  }
  const balance = txn.Balance === undefined ? null : fromAmount(txn.Balance, currency);
  return { subtotal: total - tax + discount, discount, tax, total, balance };
}

export const isVoided = (txn: Json) =>
  typeof txn.PrivateNote === 'string' && txn.PrivateNote.startsWith('Voided') && (fromAmount(txn.TotalAmt, 'USD') ?? 0) === 0;

/**
 * Ledgerside's status of a QuickBooks invoice or estimate (the field notes' table): void when
 * voided; paid when Balance is 0 of a positive TotalAmt; partially paid when 0 < Balance <
 * TotalAmt; sent when emailed (EmailStatus EmailSent) or already marked sent here; else draft.
 * Estimates: Accepted → accepted, Rejected → declined, Closed with an invoice → invoiced.
 * Overdue is derived from the due date as for every document (displayStatus).
 */
export function statusOf(kind: 'invoice' | 'quote', txn: Json, currency: string, markedSent: boolean): DocumentStatus {
  const sent = txn.EmailStatus === 'EmailSent' || markedSent;
  if (kind === 'quote') {
    switch (txn.TxnStatus) {
      case 'Accepted':
        return 'accepted';
      case 'Rejected':
        return 'declined';
      case 'Closed':
        return ((txn.LinkedTxn as Json[] | undefined) ?? []).some((l) => l.TxnType === 'Invoice') ? 'invoiced' : 'declined';
      default:
        return sent ? 'sent' : 'draft';
    }
  }
  if (isVoided(txn)) return 'void';
  const { total, balance } = totalsOf(txn, currency);
  if (balance !== null && total > 0 && balance === 0) return 'paid';
  if (balance !== null && balance > 0 && balance < total) return 'partially_paid';
  return sent ? 'sent' : 'draft';
}

function toAddress(address: Address | null): Json | undefined {
  if (!address) return undefined;
  return {
    Line1: address.line1,
    ...(address.line2 ? { Line2: address.line2 } : {}),
    City: address.city,
    ...(address.region ? { CountrySubDivisionCode: address.region } : {}),
    PostalCode: address.postalCode,
    ...(address.country ? { Country: address.country } : {}),
  };
}

/** A customer as QuickBooks' Customer body (without Id/SyncToken). */
export function toCustomerBody(customer: Pick<CustomerWithBalance, 'displayName' | 'firstName' | 'lastName' | 'companyName' | 'email' | 'secondaryEmail' | 'phone' | 'billingAddress' | 'taxId' | 'currency'>): Json {
  const address = toAddress(customer.billingAddress);
  return {
    DisplayName: customer.displayName,
    ...(customer.firstName ? { GivenName: customer.firstName } : {}),
    ...(customer.lastName ? { FamilyName: customer.lastName } : {}),
    ...(customer.companyName ? { CompanyName: customer.companyName } : {}),
    PrimaryEmailAddr: { Address: customer.email },
    // The schema's place for another email (QuickBooks' own screens may not show it).
    ...(customer.secondaryEmail ? { OtherContactInfo: [{ Type: 'EmailAddress', Email: { Address: customer.secondaryEmail } }] } : {}),
    ...(customer.phone ? { PrimaryPhone: { FreeFormNumber: customer.phone } } : {}),
    ...(address ? { BillAddr: address } : {}),
    ...(customer.taxId ? { PrimaryTaxIdentifier: customer.taxId } : {}),
    CurrencyRef: { value: customer.currency },
  };
}

/** QuickBooks' Customer → the fields of a Ledgerside customer it determines. */
export function fromCustomer(body: Json) {
  const address = body.BillAddr as Json | undefined;
  const other = ((body.OtherContactInfo as Json[] | undefined) ?? []).find((c) => c.Type === 'EmailAddress');
  return {
    displayName: String(body.DisplayName ?? ''),
    firstName: String(body.GivenName ?? ''),
    lastName: String(body.FamilyName ?? ''),
    companyName: String(body.CompanyName ?? ''),
    email: String((body.PrimaryEmailAddr as Json | undefined)?.Address ?? ''),
    secondaryEmail: ((other?.Email as Json | undefined)?.Address as string | undefined) ?? null,
    phone: String((body.PrimaryPhone as Json | undefined)?.FreeFormNumber ?? ''),
    billingAddress: address
      ? {
          line1: String(address.Line1 ?? ''),
          ...(address.Line2 ? { line2: String(address.Line2) } : {}),
          city: String(address.City ?? ''),
          ...(address.CountrySubDivisionCode ? { region: String(address.CountrySubDivisionCode) } : {}),
          postalCode: String(address.PostalCode ?? ''),
          country: /^[A-Z]{2}$/.test(String(address.Country ?? '')) ? String(address.Country) : '',
        }
      : null,
    taxId: String(body.PrimaryTaxIdentifier ?? ''),
    currency: String((body.CurrencyRef as Json | undefined)?.value ?? ''),
  };
}

/** Where "Open in QuickBooks" goes for a transaction. */
export function deepLink(appUrl: string, kind: 'invoice' | 'quote', vendorId: string): string {
  return `${appUrl.replace(/\/+$/, '')}/${kind === 'quote' ? 'estimate' : 'invoice'}?txnId=${encodeURIComponent(vendorId)}`;
}
