/**
 * The form's lines as a person types them (text), and their meaning under the contract:
 * parsed with `LineInput`, priced with `lineAmounts`. No money rule lives here — only the
 * translation between text fields and the contract's inputs.
 */
import { fieldMessage } from '../base/issues.js';
import {
  LineInput,
  MoneyError,
  QUANTITY_DECIMALS,
  divRound,
  isSupportedCurrency,
  lineAmounts,
  parseMajor,
  toMajorString,
  type DocumentLine,
  type HostDealLine,
  type LineAmounts,
  type Product,
  type TimeEntry,
} from '@ledgerside/contract';
import { msg, str } from '@lit/localize';

export const lineFields = ['description', 'quantity', 'unitPrice', 'discountPercent', 'taxRatePercent'] as const;
export type LineField = (typeof lineFields)[number];
/** A line's problems by field; `line` holds what belongs to no one field (e.g. its time entries). */
export type LineErrors = Partial<Record<LineField | 'line', string>>;

/** One line as typed: every number is text until the contract has read it. */
export interface LineDraft {
  /** Stable identity for keyed rendering, focus and errors; never sent. */
  key: string;
  description: string;
  quantity: string;
  /** In major units of the document's currency ("12.50"). */
  unitPrice: string;
  discountPercent: string;
  taxRatePercent: string;
  timeEntryIds: string[];
  productId: string | null;
  /**
   * Fields whose typed text could not be read in the active locale ("12.50" in es), with the
   * message to show; such a field keeps its raw text and the line stays invalid.
   */
  inputErrors?: Partial<Record<LineField, string>>;
}

/** A valid line as the API takes it. */
export type LineData = ReturnType<typeof LineInput.parse>;

export interface ParsedLine {
  /** The line as the API takes it, or null while a field is invalid. */
  input: LineData | null;
  errors: LineErrors;
  /** The contract's rounded amounts, when the line is valid. */
  amounts: LineAmounts | null;
}

let counter = 0;
export function newLineKey(): string {
  counter += 1;
  return `l${Date.now().toString(36)}${counter.toString(36)}`;
}

export function blankLine(taxRatePercent = ''): LineDraft {
  return {
    key: newLineKey(),
    description: '',
    quantity: '1',
    unitPrice: '',
    discountPercent: '',
    taxRatePercent,
    timeEntryIds: [],
    productId: null,
  };
}

// A sign is read too: "-3" is a number, and the schema then says what range is allowed.
const DECIMAL_TEXT = /^[-\u2212]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$/;

/**
 * A typed decimal ("1,25", "1.25", "-3") as the number the contract's schema checks; the
 * schema then decides about decimals and range. Text that is no decimal stays text, so the
 * schema says "must be a number".
 */
function decimalOf(text: string): number | string | undefined {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '');
  if (cleaned === '') return undefined;
  if (!DECIMAL_TEXT.test(cleaned)) return cleaned;
  // String(Number(t)) round-trips any decimal of ≤ 15 significant digits, which is what the
  // contract's `toScaled` reads back: no float ever reaches the money math as a float.
  return Number(cleaned.replace(',', '.').replace('\u2212', '-'));
}

const memo = new WeakMap<LineDraft, { currency: string; parsed: ParsedLine }>();

/** Reads a line under the contract; memoized per line object and currency. */
export function parseLine(line: LineDraft, currency: string): ParsedLine {
  const hit = memo.get(line);
  if (hit && hit.currency === currency) return hit.parsed;
  const parsed = computeLine(line, currency);
  memo.set(line, { currency, parsed });
  return parsed;
}

function computeLine(line: LineDraft, currency: string): ParsedLine {
  const errors: LineErrors = {};
  const quantity = decimalOf(line.quantity);
  let unitPrice: number | null = null;
  if (line.unitPrice.trim() === '') errors.unitPrice = msg('Required');
  else if (isSupportedCurrency(currency)) {
    unitPrice = parseMajor(line.unitPrice, currency);
    if (unitPrice === null) errors.unitPrice = msg(str`Not an amount in ${currency}`);
  } else errors.unitPrice = msg('Choose a currency first');
  if (quantity === undefined) errors.quantity = msg('Required');

  const result = LineInput.safeParse({
    description: line.description,
    quantity: quantity ?? 0,
    unitPrice: unitPrice ?? 0,
    discountPercent: decimalOf(line.discountPercent) ?? 0,
    taxRatePercent: decimalOf(line.taxRatePercent) ?? 0,
    timeEntryIds: line.timeEntryIds,
    productId: line.productId,
  });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path[0];
      const key: LineField | 'line' = lineFields.includes(field as LineField) ? (field as LineField) : 'line';
      errors[key] ??= fieldMessage(issue);
    }
  }
  for (const [field, message] of Object.entries(line.inputErrors ?? {})) if (message) errors[field as LineField] = message;
  if (Object.keys(errors).length > 0 || !result.success) return { input: null, errors, amounts: null };
  try {
    return { input: result.data, errors, amounts: lineAmounts(result.data) };
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    return { input: null, errors: { line: msg('This line’s amount is too large.') }, amounts: null };
  }
}

/**
 * Minutes as hours with at most the contract's 4 decimals, rounded half away from zero with
 * the contract's `divRound` on integers: 20 min → "0.3333", 90 min → "1.5". Never a float.
 */
export function hoursOf(minutes: number): string {
  const scale = 10n ** BigInt(QUANTITY_DECIMALS);
  const scaled = divRound(BigInt(minutes) * scale, 60n);
  const whole = scaled / scale;
  const fraction = (scaled % scale).toString().padStart(QUANTITY_DECIMALS, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/** A line billing one time entry: hours × hourly rate, its description and date. */
export function lineFromTimeEntry(entry: TimeEntry, formatDate: (iso: string) => string, taxRatePercent: string): LineDraft {
  const what = entry.description.trim() || msg('Work');
  return {
    key: newLineKey(),
    description: `${what} (${formatDate(entry.date)})`.slice(0, 2000),
    quantity: hoursOf(entry.minutes),
    unitPrice: toMajorString(entry.hourlyRate, entry.currency),
    discountPercent: '',
    taxRatePercent,
    timeEntryIds: [entry.hostId],
    productId: null,
  };
}

/** A line selling a product: one of it, or the deal's quantity at the deal's discount. */
export function lineFromProduct(product: Product, dealLine?: Pick<HostDealLine, 'quantity' | 'discountPercent'>): LineDraft {
  return {
    key: newLineKey(),
    description: product.name,
    quantity: dealLine ? String(dealLine.quantity) : '1',
    unitPrice: toMajorString(product.unitPrice, product.currency),
    discountPercent: dealLine?.discountPercent ? String(dealLine.discountPercent) : '',
    taxRatePercent: String(product.taxRatePercent),
    timeEntryIds: [],
    productId: product.id,
  };
}

/**
 * A new document's lines from the host's deal: one per deal line, priced from its product,
 * with the deal's quantity and discount; without deal lines, one of each product. Products
 * priced in another currency (and deal lines naming no given product) are left out.
 */
export function linesFromDeal(products: readonly Product[], dealLines: readonly HostDealLine[] | undefined, currency: string): LineDraft[] {
  if (!dealLines) return products.filter((p) => p.currency === currency).map((p) => lineFromProduct(p));
  const byId = new Map(products.map((p) => [p.id, p]));
  return dealLines.flatMap((line) => {
    const product = byId.get(line.productId);
    return product && product.currency === currency ? [lineFromProduct(product, line)] : [];
  });
}

export function lineFromDocument(line: DocumentLine, currency: string): LineDraft {
  return {
    key: newLineKey(),
    description: line.description,
    quantity: String(line.quantity),
    unitPrice: toMajorString(line.unitPrice, currency),
    discountPercent: line.discountPercent ? String(line.discountPercent) : '',
    taxRatePercent: String(line.taxRatePercent),
    timeEntryIds: [...line.timeEntryIds],
    productId: line.productId,
  };
}
