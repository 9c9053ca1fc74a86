/**
 * One simulated QuickBooks Online company: its customers, invoices, estimates and payments,
 * and the documented rules the Accounting API v3 applies to them —
 *
 * - every entity has an `Id` and a `SyncToken` ("0" on create, +1 on each change); an update
 *   or a void/delete naming an older SyncToken is refused (5010 Stale Object Error);
 * - an update replaces the writable fields, or with `sparse: true` only those given;
 * - invoices and estimates: `CustomerRef` and at least one sales line are required, a line's
 *   `Amount` must equal `Qty × UnitPrice`, references must exist; QuickBooks computes
 *   `TotalAmt`, `TxnTaxDetail` (unless the request states its tax lines and the company does
 *   not calculate sales tax itself) and an invoice's `Balance`;
 * - `EmailStatus` NotSet → EmailSent when sent; a voided invoice keeps zero amounts with a
 *   "Voided" note; a deleted entity is gone (610 Object Not Found) but shows in change data
 *   capture as `status: "Deleted"`;
 * - a payment lowers the `Balance` of the invoices its lines link, and links back;
 * - multicurrency is off unless turned on; then only the company's currencies are accepted.
 *
 * Amounts are exact decimals (decimal.ts). Entities are plain JSON objects whose amounts are
 * LosslessNumbers, so what goes out on the wire has exactly the digits computed here.
 */
import { LosslessNumber } from 'lossless-json';
import { currencyDecimals, multiply, percentOf, roundTo, toJsonNumber, toScaled, toText } from './decimal.js';

export type Json = Record<string, unknown>;
export type EntityName = 'Customer' | 'Invoice' | 'Estimate' | 'Payment' | 'Item' | 'TaxCode' | 'TaxRate';
export const txnEntities = ['Invoice', 'Estimate'] as const;

/** A refusal as QuickBooks words it: HTTP status, fault type and its errors. */
export class QboFault extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly errors: { Message: string; Detail: string; code: string; element?: string }[],
  ) {
    super(errors.map((e) => e.Detail).join('; '));
  }

  toJson(time: string): Json {
    return { Fault: { Error: this.errors.map((e) => ({ element: '', ...e })), type: this.type }, time };
  }
}

export const validationFault = (code: string, message: string, detail: string, element = '') =>
  new QboFault(400, 'ValidationFault', [{ Message: message, Detail: detail, code, element }]);

const businessError = (detail: string, element = '') =>
  validationFault('6000', 'A business validation error has occurred while processing your request', `Business Validation Error: ${detail}`, element);
const invalidReference = (element: string, id: unknown) =>
  validationFault('2500', 'Invalid Reference Id', `Invalid Reference Id : ${element} ${String(id)} not found`, element);
const required = (element: string) =>
  validationFault('2020', 'Required param missing, need to supply the required value for the API', `Required parameter ${element} is missing in the request`, element);
export const notFound = (entity: string, id: string) =>
  validationFault('610', 'Object Not Found', `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees. (${entity} ${id})`);

export interface CompanyOptions {
  realmId: string;
  name?: string;
  homeCurrency?: string;
  country?: string;
  /** Multicurrency on, with these currencies besides the home one. */
  currencies?: string[];
  /** The company calculates sales tax itself and overrides any tax lines a request states. */
  automatedSalesTax?: boolean;
  /** Tax codes: id, name and the rate it charges, in percent. */
  taxCodes?: { id: string; name: string; ratePercent: string }[];
}

export interface Change {
  entity: EntityName;
  id: string;
  operation: 'Create' | 'Update' | 'Delete' | 'Void' | 'Emailed';
  at: string;
}

/** Fields QuickBooks owns: never taken from a request. */
const READ_ONLY = ['Id', 'SyncToken', 'MetaData', 'TotalAmt', 'HomeTotalAmt', 'Balance', 'HomeBalance', 'domain', 'sparse', 'status', 'DeliveryInfo'];

export class Company {
  readonly realmId: string;
  name: string;
  readonly homeCurrency: string;
  readonly country: string;
  currencies: Set<string>;
  multicurrency: boolean;
  automatedSalesTax: boolean;
  private readonly entities = new Map<EntityName, Map<string, Json>>();
  private readonly tombstones: { entity: EntityName; id: string; at: string }[] = [];
  private nextId = 1;
  /** Listeners of every change (the webhook sender, the simulator page). */
  readonly listeners = new Set<(change: Change) => void>();
  /** Emails QuickBooks "sent". */
  readonly sent: { entity: EntityName; id: string; to: string; at: string }[] = [];
  /** The clock; tests move it. */
  now: () => Date = () => new Date();

  constructor(options: CompanyOptions) {
    this.realmId = options.realmId;
    this.name = options.name ?? `Sandbox Company ${options.realmId}`;
    this.homeCurrency = options.homeCurrency ?? 'USD';
    this.country = options.country ?? 'US';
    this.currencies = new Set([this.homeCurrency, ...(options.currencies ?? [])]);
    this.multicurrency = (options.currencies?.length ?? 0) > 0;
    this.automatedSalesTax = options.automatedSalesTax ?? false;
    for (const name of ['Customer', 'Invoice', 'Estimate', 'Payment', 'Item', 'TaxCode', 'TaxRate'] as const) this.entities.set(name, new Map());
    this.insert('Item', { Name: 'Services', Type: 'Service', Active: true });
    for (const code of options.taxCodes ?? [
      { id: 'NON', name: 'Non-taxable', ratePercent: '0' },
      { id: 'TAX', name: 'Taxable', ratePercent: '0' },
    ]) {
      const rate = this.insert('TaxRate', { Name: `${code.name} rate`, RateValue: new LosslessNumber(code.ratePercent), Active: true });
      this.insert('TaxCode', {
        Name: code.name,
        Active: true,
        Taxable: code.ratePercent !== '0',
        SalesTaxRateList: { TaxRateDetail: [{ TaxRateRef: { value: rate.Id, name: rate.Name } }] },
      }, code.id);
    }
  }

  // ------------------------------------------------------------------ storage

  private table(entity: EntityName): Map<string, Json> {
    return this.entities.get(entity)!;
  }

  private stamp(): string {
    return this.now().toISOString().replace(/\.\d{3}Z$/, '-00:00').replace('Z', '-00:00');
  }

  private insert(entity: EntityName, body: Json, id?: string): Json {
    const at = this.stamp();
    const row: Json = { ...body, Id: id ?? String(this.nextId++), SyncToken: '0', MetaData: { CreateTime: at, LastUpdatedTime: at } };
    this.table(entity).set(row.Id as string, row);
    return row;
  }

  private touch(row: Json): void {
    row.SyncToken = String(Number(row.SyncToken) + 1);
    (row.MetaData as Json).LastUpdatedTime = this.stamp();
  }

  private emit(entity: EntityName, id: string, operation: Change['operation']): void {
    const change = { entity, id, operation, at: this.now().toISOString() };
    for (const listener of this.listeners) listener(change);
  }

  get(entity: EntityName, id: string): Json {
    const row = this.table(entity).get(id);
    if (!row) throw notFound(entity, id);
    return row;
  }

  all(entity: EntityName): Json[] {
    return [...this.table(entity).values()];
  }

  count(entity: EntityName): number {
    return this.table(entity).size;
  }

  private checkToken(row: Json, body: Json): void {
    if (body.SyncToken === undefined) throw required('SyncToken');
    if (String(body.SyncToken) !== row.SyncToken) {
      throw validationFault(
        '5010',
        'Stale Object Error',
        `Stale Object Error : You and ${this.name} were working on this at the same time. ${this.name} finished before you did, so your work was not saved.`,
      );
    }
  }

  // ------------------------------------------------------------------ customers

  saveCustomer(body: Json): Json {
    const fields = writable(body);
    const existing = body.Id !== undefined ? this.get('Customer', String(body.Id)) : null;
    if (existing) this.checkToken(existing, body);
    const merged: Json = existing ? (body.sparse === true ? { ...existing, ...fields } : { ...keep(existing), ...fields }) : { ...fields };
    const display =
      (merged.DisplayName as string | undefined)?.trim() ||
      [merged.GivenName, merged.FamilyName].filter(Boolean).join(' ').trim() ||
      (merged.CompanyName as string | undefined)?.trim();
    if (!display) throw required('DisplayName');
    merged.DisplayName = display;
    const taken = this.all('Customer').find(
      (c) => c.Id !== existing?.Id && c.Active !== false && String(c.DisplayName).toLowerCase() === display.toLowerCase(),
    );
    if (taken) {
      throw validationFault('6240', 'Duplicate Name Exists Error', `The name supplied already exists. : Id=${String(taken.Id)}`, 'DisplayName');
    }
    const currency = refValue(merged.CurrencyRef) ?? this.homeCurrency;
    if (existing && refValue(existing.CurrencyRef) !== currency) {
      throw businessError('You can’t change the currency of a customer who has transactions or a currency already set.', 'CurrencyRef');
    }
    this.checkCurrency(currency);
    merged.CurrencyRef = { value: currency, name: currencyName(currency) };
    merged.Active ??= true;
    merged.FullyQualifiedName = display;
    if (existing) {
      for (const key of Object.keys(existing)) if (!(key in merged) && !READ_ONLY.includes(key)) delete existing[key];
      Object.assign(existing, merged);
      this.touch(existing);
      this.emit('Customer', existing.Id as string, 'Update');
      return existing;
    }
    merged.Balance = toJsonNumber(0n, currencyDecimals(currency));
    const row = this.insert('Customer', merged);
    this.emit('Customer', row.Id as string, 'Create');
    return row;
  }

  private checkCurrency(currency: string): void {
    if (currency === this.homeCurrency) return;
    if (!this.multicurrency) {
      throw businessError(`Multicurrency is not turned on for this company, so ${currency} cannot be used. Use ${this.homeCurrency}.`, 'CurrencyRef');
    }
    if (!this.currencies.has(currency)) {
      throw businessError(`The currency ${currency} is not set up in this company. Add it to the currency list first.`, 'CurrencyRef');
    }
  }

  // ------------------------------------------------------------------ invoices and estimates

  saveTxn(entity: 'Invoice' | 'Estimate', body: Json): Json {
    const existing = body.Id !== undefined ? this.get(entity, String(body.Id)) : null;
    if (existing) {
      this.checkToken(existing, body);
      if (isVoided(existing)) throw businessError('A voided transaction cannot be changed.');
    }
    const fields = writable(body);
    const merged: Json = existing ? (body.sparse === true ? { ...existing, ...fields } : { ...keep(existing), ...fields }) : { ...fields };
    const customerId = refValue(merged.CustomerRef);
    if (!customerId) throw required('CustomerRef');
    const customer = this.table('Customer').get(customerId);
    if (!customer || customer.Active === false) throw invalidReference('CustomerRef', customerId);
    const currency = refValue(merged.CurrencyRef) ?? refValue(customer.CurrencyRef) ?? this.homeCurrency;
    this.checkCurrency(currency);
    if (currency !== refValue(customer.CurrencyRef)) {
      throw businessError(`The transaction currency ${currency} must be the customer's currency ${String(refValue(customer.CurrencyRef))}.`, 'CurrencyRef');
    }
    merged.CurrencyRef = { value: currency, name: currencyName(currency) };
    if (currency !== this.homeCurrency && merged.ExchangeRate === undefined) merged.ExchangeRate = new LosslessNumber('1');
    const decimals = currencyDecimals(currency);
    const paid = existing ? this.paidOn(existing) : 0n;
    this.computeTotals(merged, decimals, existing);
    const total = toScaled(merged.TotalAmt)!;
    if (entity === 'Invoice') {
      if (total < paid) throw businessError('The invoice total cannot be less than the payments already applied to it.', 'Line');
      merged.Balance = toJsonNumber(total - paid, decimals);
    } else {
      merged.TxnStatus ??= 'Pending';
    }
    merged.EmailStatus ??= 'NotSet';
    merged.PrintStatus ??= 'NotSet';
    merged.TxnDate ??= this.now().toISOString().slice(0, 10);
    if (typeof merged.DocNumber === 'string' && merged.DocNumber.length > 21) {
      throw validationFault('6000', 'A business validation error has occurred while processing your request', 'Business Validation Error: DocNumber is limited to 21 characters.', 'DocNumber');
    }
    // An invoice made from an estimate closes it and links both ways.
    const fromEstimate = entity === 'Invoice' ? linked(merged, 'Estimate') : [];
    for (const estimateId of fromEstimate) if (!this.table('Estimate').has(estimateId)) throw invalidReference('LinkedTxn', estimateId);

    let row: Json;
    if (existing) {
      for (const key of Object.keys(existing)) if (!(key in merged) && !READ_ONLY.includes(key)) delete existing[key];
      Object.assign(existing, merged);
      this.touch(existing);
      row = existing;
      this.emit(entity, row.Id as string, 'Update');
    } else {
      row = this.insert(entity, merged);
      this.emit(entity, row.Id as string, 'Create');
    }
    for (const estimateId of fromEstimate) {
      const estimate = this.get('Estimate', estimateId);
      estimate.TxnStatus = 'Closed';
      estimate.LinkedTxn = [...((estimate.LinkedTxn as Json[] | undefined) ?? []), { TxnId: row.Id, TxnType: 'Invoice' }];
      this.touch(estimate);
      this.emit('Estimate', estimateId, 'Update');
    }
    return row;
  }

  /** Lines, tax and totals as QuickBooks computes them (see the file's comment). */
  private computeTotals(txn: Json, decimals: number, existing: Json | null): void {
    const lines = txn.Line as Json[] | undefined;
    if (!Array.isArray(lines) || lines.length === 0) throw required('Line');
    const sales = lines.filter((l) => l.DetailType === 'SalesItemLineDetail');
    if (!sales.length && !lines.some((l) => l.DetailType === 'DescriptionOnly')) throw required('Line');
    const nets = new Map<string, bigint>(); // tax code → net taxable
    let subtotal = 0n;
    const kept: Json[] = [];
    let lineNum = 1;
    for (const [index, line] of lines.entries()) {
      if (line.DetailType === 'SubTotalLineDetail' || line.DetailType === 'TaxLineDetail') continue; // QuickBooks writes these itself
      if (line.DetailType === 'DescriptionOnly') {
        kept.push({ ...line, LineNum: lineNum++ });
        continue;
      }
      if (line.DetailType !== 'SalesItemLineDetail') throw businessError(`Line ${index + 1}: ${String(line.DetailType)} lines are not supported on sales transactions.`, 'Line');
      const detail = line.SalesItemLineDetail as Json | undefined;
      if (!detail) throw required('SalesItemLineDetail');
      const amount = toScaled(line.Amount);
      if (amount === null) throw required('Amount');
      if (roundTo(amount, decimals) !== amount) throw businessError(`Line ${index + 1}: the amount has more decimals than ${decimals}.`, 'Amount');
      const qty = detail.Qty !== undefined ? toScaled(detail.Qty) : null;
      const price = detail.UnitPrice !== undefined ? toScaled(detail.UnitPrice) : null;
      if (qty !== null && price !== null && multiply(qty, price, decimals) !== amount) {
        throw validationFault('6070', 'Amount is not equal to UnitPrice * Qty', `Amount is not equal to UnitPrice * Qty. Supplied value:${toText(amount)}`, 'Amount');
      }
      const itemId = refValue(detail.ItemRef) ?? '1';
      if (!this.table('Item').has(itemId)) throw invalidReference('ItemRef', itemId);
      let discount = detail.DiscountAmt !== undefined ? toScaled(detail.DiscountAmt) : null;
      if (discount === null && detail.DiscountRate !== undefined) discount = percentOf(amount, toScaled(detail.DiscountRate) ?? 0n, decimals);
      discount ??= 0n;
      if (discount < 0n || discount > amount) throw businessError(`Line ${index + 1}: the discount is more than the amount.`, 'DiscountAmt');
      const code = refValue(detail.TaxCodeRef) ?? 'NON';
      if (!this.table('TaxCode').has(code)) {
        throw businessError(`Line ${index + 1}: make sure all your transactions have a valid tax code (${code} is not one of this company's).`, 'TaxCodeRef');
      }
      nets.set(code, (nets.get(code) ?? 0n) + amount - discount);
      subtotal += amount - discount;
      kept.push({
        ...line,
        LineNum: lineNum++,
        Amount: toJsonNumber(amount, decimals),
        SalesItemLineDetail: {
          ...detail,
          ItemRef: { value: itemId, name: String(this.get('Item', itemId).Name) },
          TaxCodeRef: { value: code },
          ...(discount ? { DiscountAmt: toJsonNumber(discount, decimals) } : {}),
        },
      });
    }
    kept.push({ Amount: toJsonNumber(subtotal, decimals), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} });
    txn.Line = kept;

    const stated = (txn.TxnTaxDetail as Json | undefined)?.TaxLine as Json[] | undefined;
    let taxLines: Json[];
    if (stated?.length && !this.automatedSalesTax) {
      taxLines = stated.map((t, i) => {
        const amount = toScaled(t.Amount);
        const rateId = refValue((t.TaxLineDetail as Json | undefined)?.TaxRateRef);
        if (amount === null) throw required(`TxnTaxDetail.TaxLine[${i}].Amount`);
        if (!rateId || !this.table('TaxRate').has(rateId)) throw invalidReference('TaxRateRef', rateId);
        return { ...t, Amount: toJsonNumber(roundTo(amount, decimals), decimals), DetailType: 'TaxLineDetail' };
      });
    } else {
      // QuickBooks' own calculation: each rate on the sum of its taxable lines.
      taxLines = [];
      for (const [code, net] of nets) {
        for (const rateId of this.ratesOf(code)) {
          const rate = toScaled(this.get('TaxRate', rateId).RateValue) ?? 0n;
          if (rate === 0n) continue;
          taxLines.push({
            Amount: toJsonNumber(percentOf(net, rate, decimals), decimals),
            DetailType: 'TaxLineDetail',
            TaxLineDetail: { TaxRateRef: { value: rateId }, PercentBased: true, TaxPercent: this.get('TaxRate', rateId).RateValue, NetAmountTaxable: toJsonNumber(net, decimals) },
          });
        }
      }
    }
    const tax = taxLines.reduce((sum, t) => sum + toScaled(t.Amount)!, 0n);
    txn.TxnTaxDetail = { TotalTax: toJsonNumber(tax, decimals), TaxLine: taxLines };
    txn.TotalAmt = toJsonNumber(subtotal + tax, decimals);
    if (txn.ExchangeRate !== undefined) {
      txn.HomeTotalAmt = toJsonNumber(roundTo((subtotal + tax) * (toScaled(txn.ExchangeRate) ?? 0n) / 10n ** 10n, currencyDecimals(this.homeCurrency)), currencyDecimals(this.homeCurrency));
    }
    void existing;
  }

  private ratesOf(code: string): string[] {
    const list = ((this.get('TaxCode', code).SalesTaxRateList as Json | undefined)?.TaxRateDetail as Json[] | undefined) ?? [];
    return list.map((d) => refValue(d.TaxRateRef)!).filter(Boolean);
  }

  private paidOn(invoice: Json): bigint {
    let paid = 0n;
    for (const id of linked(invoice, 'Payment')) {
      const payment = this.table('Payment').get(id);
      for (const line of (payment?.Line as Json[] | undefined) ?? []) {
        if (linked(line, 'Invoice').includes(invoice.Id as string)) paid += toScaled(line.Amount) ?? 0n;
      }
    }
    return paid;
  }

  void(entity: 'Invoice', body: Json): Json {
    const row = this.get(entity, String(body.Id ?? ''));
    this.checkToken(row, body);
    if (isVoided(row)) throw businessError('This transaction is already voided.');
    if (linked(row, 'Payment').length) throw businessError('This invoice has payments applied to it. Remove the payments before voiding it.');
    const decimals = currencyDecimals(refValue(row.CurrencyRef) ?? this.homeCurrency);
    const zero = toJsonNumber(0n, decimals);
    row.Line = (row.Line as Json[]).map((l) => (l.Amount !== undefined ? { ...l, Amount: zero } : l));
    row.TxnTaxDetail = { TotalTax: zero, TaxLine: [] };
    row.TotalAmt = zero;
    row.Balance = zero;
    row.PrivateNote = `Voided${row.PrivateNote ? ` - ${String(row.PrivateNote)}` : ''}`;
    this.touch(row);
    this.emit(entity, row.Id as string, 'Void');
    return row;
  }

  delete(entity: 'Invoice' | 'Estimate' | 'Payment' | 'Customer', body: Json): Json {
    const row = this.get(entity, String(body.Id ?? ''));
    this.checkToken(row, body);
    if (entity === 'Invoice' && linked(row, 'Payment').length) {
      throw businessError('This invoice has payments applied to it. Delete the payments first.');
    }
    if (entity === 'Payment') this.unapply(row);
    this.table(entity).delete(row.Id as string);
    const at = this.stamp();
    this.tombstones.push({ entity, id: row.Id as string, at });
    this.emit(entity, row.Id as string, 'Delete');
    return { Id: row.Id, status: 'Deleted', domain: 'QBO' };
  }

  send(entity: 'Invoice' | 'Estimate', id: string, sendTo: string | null): Json {
    const row = this.get(entity, id);
    if (isVoided(row)) throw businessError('A voided transaction cannot be sent.');
    const to = sendTo ?? ((row.BillEmail as Json | undefined)?.Address as string | undefined) ?? this.customerEmail(row);
    if (!to) throw businessError('There is no email address to send this to.', 'BillEmail');
    row.EmailStatus = 'EmailSent';
    row.BillEmail = { Address: to };
    row.DeliveryInfo = { DeliveryType: 'Email', DeliveryTime: this.stamp() };
    this.touch(row);
    this.sent.push({ entity, id, to, at: this.now().toISOString() });
    this.emit(entity, id, 'Emailed');
    return row;
  }

  private customerEmail(txn: Json): string | undefined {
    const customer = this.table('Customer').get(refValue(txn.CustomerRef) ?? '');
    return (customer?.PrimaryEmailAddr as Json | undefined)?.Address as string | undefined;
  }

  // ------------------------------------------------------------------ payments

  savePayment(body: Json): Json {
    if (body.Id !== undefined) throw businessError('This simulator records payments; it does not change them. Delete the payment and record it again.');
    const fields = writable(body);
    const customerId = refValue(fields.CustomerRef);
    if (!customerId) throw required('CustomerRef');
    const customer = this.table('Customer').get(customerId);
    if (!customer) throw invalidReference('CustomerRef', customerId);
    const currency = refValue(fields.CurrencyRef) ?? refValue(customer.CurrencyRef) ?? this.homeCurrency;
    this.checkCurrency(currency);
    const decimals = currencyDecimals(currency);
    // A payment's TotalAmt is the payer's amount, not a computed one.
    const total = toScaled(body.TotalAmt);
    if (total === null) throw required('TotalAmt');
    let applied = 0n;
    const lines = ((fields.Line as Json[] | undefined) ?? []).map((line) => {
      const amount = toScaled(line.Amount);
      if (amount === null || amount <= 0n) throw required('Line.Amount');
      for (const invoiceId of linked(line, 'Invoice')) {
        const invoice = this.table('Invoice').get(invoiceId);
        if (!invoice) throw invalidReference('LinkedTxn', invoiceId);
        if (refValue(invoice.CustomerRef) !== customerId) throw businessError(`Invoice ${invoiceId} belongs to another customer.`, 'LinkedTxn');
        if (amount > toScaled(invoice.Balance)!) throw businessError(`The payment of ${toText(amount, decimals)} is more than the open balance of invoice ${String(invoice.DocNumber ?? invoiceId)}.`, 'Line');
      }
      applied += amount;
      return { ...line, Amount: toJsonNumber(amount, decimals) };
    });
    if (applied > total) throw businessError('The amounts applied are more than the payment.', 'TotalAmt');
    const row = this.insert('Payment', {
      ...fields,
      CurrencyRef: { value: currency, name: currencyName(currency) },
      TotalAmt: toJsonNumber(total, decimals),
      UnappliedAmt: toJsonNumber(total - applied, decimals),
      TxnDate: fields.TxnDate ?? this.now().toISOString().slice(0, 10),
      Line: lines,
    });
    this.emit('Payment', row.Id as string, 'Create');
    for (const line of lines) {
      for (const invoiceId of linked(line, 'Invoice')) {
        const invoice = this.get('Invoice', invoiceId);
        invoice.Balance = toJsonNumber(toScaled(invoice.Balance)! - toScaled(line.Amount)!, decimals);
        invoice.LinkedTxn = [...((invoice.LinkedTxn as Json[] | undefined) ?? []), { TxnId: row.Id, TxnType: 'Payment' }];
        this.touch(invoice);
        this.emit('Invoice', invoiceId, 'Update');
      }
    }
    return row;
  }

  private unapply(payment: Json): void {
    for (const line of (payment.Line as Json[] | undefined) ?? []) {
      for (const invoiceId of linked(line, 'Invoice')) {
        const invoice = this.table('Invoice').get(invoiceId);
        if (!invoice) continue;
        const decimals = currencyDecimals(refValue(invoice.CurrencyRef) ?? this.homeCurrency);
        invoice.Balance = toJsonNumber(toScaled(invoice.Balance)! + toScaled(line.Amount)!, decimals);
        invoice.LinkedTxn = ((invoice.LinkedTxn as Json[] | undefined) ?? []).filter((l) => l.TxnId !== payment.Id);
        this.touch(invoice);
        this.emit('Invoice', invoiceId, 'Update');
      }
    }
  }

  // ------------------------------------------------------------------ reading

  /**
   * The query language's subset that clients use: SELECT * | COUNT(*) FROM <Entity>
   * [WHERE <field> <op> <value> [AND …]] [ORDERBY <field> [ASC|DESC]] [STARTPOSITION n] [MAXRESULTS n].
   */
  query(text: string): Json {
    const m = /^\s*select\s+(\*|count\(\*\))\s+from\s+(\w+)(?:\s+where\s+(.+?))?(?:\s+orderby\s+([\w.]+)(?:\s+(asc|desc))?)?(?:\s+startposition\s+(\d+))?(?:\s+maxresults\s+(\d+))?\s*$/is.exec(text);
    if (!m) throw validationFault('4000', 'Error parsing query', `QueryParserError: Encountered an unsupported query: ${text.slice(0, 200)}`);
    const [, what, entityRaw, where, orderBy, direction, start, max] = m;
    if (entityRaw!.toLowerCase() === 'companycurrency') {
      const list = [...this.currencies].filter((c) => c !== this.homeCurrency).map((code, i) => ({ Id: String(i + 1), Code: code, Name: currencyName(code), Active: true }));
      return { QueryResponse: list.length ? { CompanyCurrency: list, startPosition: 1, maxResults: list.length } : {} };
    }
    const entity = (Object.keys(ENTITY_CASE).find((k) => k.toLowerCase() === entityRaw!.toLowerCase()) ?? entityRaw) as EntityName;
    if (!this.entities.has(entity)) throw validationFault('4001', 'Invalid query', `QueryValidationError: Entity ${entityRaw} is not supported`);
    let rows = this.all(entity);
    for (const condition of where ? splitAnd(where) : []) rows = rows.filter(condition);
    if (orderBy) {
      rows = [...rows].sort((a, b) => compare(fieldOf(a, orderBy), fieldOf(b, orderBy)) * (direction?.toLowerCase() === 'desc' ? -1 : 1));
    } else {
      rows = [...rows].sort((a, b) => Number(a.Id) - Number(b.Id));
    }
    if (what !== '*') return { QueryResponse: { totalCount: rows.length } };
    const startPosition = Math.max(1, Number(start ?? 1));
    const maxResults = Math.min(1000, Number(max ?? 100));
    const page = rows.slice(startPosition - 1, startPosition - 1 + maxResults);
    return { QueryResponse: page.length ? { [entity]: page, startPosition, maxResults: page.length } : {} };
  }

  /** Change data capture: what changed since `since` (at most 1,000 objects per entity). */
  cdc(entities: EntityName[], since: Date): Json {
    const responses = entities.map((entity) => {
      const changed = this.all(entity).filter((row) => Date.parse(String((row.MetaData as Json).LastUpdatedTime)) >= since.getTime());
      const gone = this.tombstones
        .filter((t) => t.entity === entity && Date.parse(t.at) >= since.getTime())
        .map((t) => ({ Id: t.id, status: 'Deleted', MetaData: { LastUpdatedTime: t.at } }));
      const all = [...changed, ...gone];
      const page = all.slice(0, 1000);
      return { [entity]: page, startPosition: 1, maxResults: page.length, totalCount: all.length };
    });
    return { CDCResponse: [{ QueryResponse: responses }] };
  }

  // ------------------------------------------------------------------ simulator helpers

  /** Adds `count` invoices for one customer at once (benchmarks), without webhooks. */
  bulkInvoices(customerId: string, count: number, amount = '100.00'): void {
    const listeners = [...this.listeners];
    this.listeners.clear();
    try {
      for (let i = 0; i < count; i++) {
        this.saveTxn('Invoice', {
          CustomerRef: { value: customerId },
          DocNumber: `SIM-${i + 1}`,
          Line: [{ DetailType: 'SalesItemLineDetail', Amount: new LosslessNumber(amount), SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 1, UnitPrice: new LosslessNumber(amount) } }],
        });
      }
    } finally {
      for (const l of listeners) this.listeners.add(l);
    }
  }
}

const ENTITY_CASE: Record<EntityName, true> = { Customer: true, Invoice: true, Estimate: true, Payment: true, Item: true, TaxCode: true, TaxRate: true };

function writable(body: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(body)) if (!READ_ONLY.includes(key) && value !== undefined) out[key] = value;
  return out;
}

/** On a full update, what QuickBooks keeps of the old entity besides what the request gives. */
function keep(existing: Json): Json {
  const out: Json = {};
  for (const key of ['LinkedTxn', 'EmailStatus', 'PrintStatus', 'BillEmail', 'DeliveryInfo', 'TxnStatus', 'Active', 'CurrencyRef', 'ExchangeRate']) {
    if (existing[key] !== undefined) out[key] = existing[key];
  }
  return out;
}

export function refValue(ref: unknown): string | undefined {
  const value = (ref as Json | undefined)?.value;
  return value === undefined || value === null ? undefined : String(value);
}

function linked(row: Json, type: string): string[] {
  return ((row.LinkedTxn as Json[] | undefined) ?? []).filter((l) => l.TxnType === type).map((l) => String(l.TxnId));
}

export function isVoided(row: Json): boolean {
  return typeof row.PrivateNote === 'string' && row.PrivateNote.startsWith('Voided') && toScaled(row.TotalAmt) === 0n;
}

function currencyName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'currency' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function fieldOf(row: Json, path: string): unknown {
  let value: unknown = row;
  for (const part of path.split('.')) value = (value as Json | undefined)?.[part];
  // A reference or an email compares by its value / address.
  if (value && typeof value === 'object' && !(value instanceof LosslessNumber)) {
    const v = value as Json;
    return v.value ?? v.Address ?? value;
  }
  return value instanceof LosslessNumber ? Number(value.value) : value;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const ta = String(a ?? '');
  const tb = String(b ?? '');
  const da = Date.parse(ta);
  const db = Date.parse(tb);
  if (/^\d{4}-\d{2}-\d{2}/.test(ta) && /^\d{4}-\d{2}-\d{2}/.test(tb) && !Number.isNaN(da) && !Number.isNaN(db)) return da - db;
  if (/^\d+$/.test(ta) && /^\d+$/.test(tb)) return Number(ta) - Number(tb);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

function splitAnd(where: string): ((row: Json) => boolean)[] {
  const parts = where.split(/\s+and\s+(?=(?:[^']*'[^']*')*[^']*$)/i);
  return parts.map((part) => {
    const m = /^\s*([\w.]+)\s*(=|<=|>=|<|>|!=|like|in)\s*(.+?)\s*$/is.exec(part);
    if (!m) throw validationFault('4000', 'Error parsing query', `QueryParserError: Encountered an unsupported condition: ${part.slice(0, 200)}`);
    const [, field, opRaw, valueText] = m;
    const op = opRaw!.toLowerCase();
    const literal = (t: string) => t.trim().replace(/^'(.*)'$/s, '$1').replace(/\\'/g, "'");
    if (op === 'in') {
      const values = valueText!.replace(/^\(|\)$/g, '').split(',').map(literal);
      return (row) => values.includes(String(fieldOf(row, field!)));
    }
    const value = literal(valueText!);
    return (row) => {
      const actual = fieldOf(row, field!);
      if (op === 'like') {
        const pattern = new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*')}$`, 'i');
        return pattern.test(String(actual ?? ''));
      }
      const c = compare(actual, value);
      if (op === '=') return field!.endsWith('EmailAddr') ? String(actual ?? '').toLowerCase() === value.toLowerCase() : c === 0;
      if (op === '!=') return c !== 0;
      if (op === '<') return c < 0;
      if (op === '>') return c > 0;
      if (op === '<=') return c <= 0;
      return c >= 0;
    };
  });
}

export { toScaled, toText };
