/**
 * The words the server writes itself (PDFs, emails), in every language the components speak.
 * A customer's emails are written whole in the customer's language: only what a person typed
 * (a personal note, a message) stays as typed.
 */
import type { DocumentKind, TransactionType } from '@ledgerside/contract';

const en = {
  invoice: 'Invoice',
  quote: 'Quote',
  billTo: 'Bill to',
  number: 'Number',
  issueDate: 'Issue date',
  dueDate: 'Due date',
  validUntil: 'Valid until',
  reference: 'Reference',
  status: 'Status',
  description: 'Description',
  quantity: 'Qty',
  unitPrice: 'Unit price',
  discount: 'Discount',
  tax: 'Tax',
  amount: 'Amount',
  subtotal: 'Subtotal',
  total: 'Total',
  paid: 'Paid',
  balanceDue: 'Balance due',
  notes: 'Notes',
  taxId: 'Tax ID',
  page: 'Page',
  documentEmail: (kind: DocumentKind, number: string, org: string) => `${kind === 'invoice' ? 'Invoice' : 'Quote'} ${number} from ${org}`,
  greeting: 'Hello,',
  /** The one sentence that says what is attached; `date` is the due date or the quote's validity. */
  documentEmailBody: (kind: DocumentKind, number: string, total: string, date: string | null) =>
    kind === 'invoice'
      ? `Please find attached invoice ${number} for ${total}.${date ? ` It is due on ${date}.` : ''}`
      : `Please find attached quote ${number} for ${total}.${date ? ` It is valid until ${date}.` : ''}`,
  signOff: 'Kind regards,',
  /** `transaction` is a phrase of `about`. */
  newMessage: (author: string, transaction: string) => `${author} wrote about ${transaction}`,
  /** A transaction type as it reads after "about". */
  about: {
    invoice: 'invoice',
    quote: 'quote',
    customer_payment: 'customer payment',
    vendor_check: 'vendor check',
    credit_card_transaction: 'credit card transaction',
    sales_receipt: 'sales receipt',
    expense: 'expense',
    billable_expense: 'billable expense',
    delayed_charge: 'delayed charge',
    credit_memo: 'credit memo',
    paycheck: 'paycheck',
  } satisfies Record<TransactionType, string>,
  openTransaction: 'Open the transaction',
};

type Labels = typeof en;

const es: Labels = {
  invoice: 'Factura',
  quote: 'Cotización',
  billTo: 'Facturar a',
  number: 'Número',
  issueDate: 'Fecha de emisión',
  dueDate: 'Vencimiento',
  validUntil: 'Válida hasta',
  reference: 'Referencia',
  status: 'Estado',
  description: 'Descripción',
  quantity: 'Cant.',
  unitPrice: 'Precio unitario',
  discount: 'Descuento',
  tax: 'Impuesto',
  amount: 'Importe',
  subtotal: 'Subtotal',
  total: 'Total',
  paid: 'Pagado',
  balanceDue: 'Saldo pendiente',
  notes: 'Notas',
  taxId: 'NIF',
  page: 'Página',
  documentEmail: (kind, number, org) => `${kind === 'invoice' ? 'Factura' : 'Cotización'} ${number} de ${org}`,
  greeting: 'Hola:',
  documentEmailBody: (kind, number, total, date) =>
    kind === 'invoice'
      ? `Adjuntamos la factura ${number} por ${total}.${date ? ` Vence el ${date}.` : ''}`
      : `Adjuntamos la cotización ${number} por ${total}.${date ? ` Es válida hasta el ${date}.` : ''}`,
  signOff: 'Saludos cordiales,',
  newMessage: (author, transaction) => `${author} escribió sobre ${transaction}`,
  about: {
    invoice: 'la factura',
    quote: 'la cotización',
    customer_payment: 'el pago del cliente',
    vendor_check: 'el cheque al proveedor',
    credit_card_transaction: 'la transacción con tarjeta de crédito',
    sales_receipt: 'el recibo de venta',
    expense: 'el gasto',
    billable_expense: 'el gasto facturable',
    delayed_charge: 'el cargo diferido',
    credit_memo: 'la nota de crédito',
    paycheck: 'el cheque de nómina',
  },
  openTransaction: 'Abrir la transacción',
};

const cs: Labels = {
  invoice: 'Faktura',
  quote: 'Nabídka',
  billTo: 'Odběratel',
  number: 'Číslo',
  issueDate: 'Datum vystavení',
  dueDate: 'Datum splatnosti',
  validUntil: 'Platná do',
  reference: 'Reference',
  status: 'Stav',
  description: 'Popis',
  quantity: 'Množ.',
  unitPrice: 'Cena za jednotku',
  discount: 'Sleva',
  tax: 'DPH',
  amount: 'Částka',
  subtotal: 'Mezisoučet',
  total: 'Celkem',
  paid: 'Zaplaceno',
  balanceDue: 'Zbývá uhradit',
  notes: 'Poznámky',
  taxId: 'DIČ',
  page: 'Strana',
  documentEmail: (kind, number, org) => `${kind === 'invoice' ? 'Faktura' : 'Nabídka'} ${number} od ${org}`,
  greeting: 'Dobrý den,',
  documentEmailBody: (kind, number, total, date) =>
    kind === 'invoice'
      ? `v příloze zasíláme fakturu ${number} na částku ${total}.${date ? ` Splatnost: ${date}.` : ''}`
      : `v příloze zasíláme nabídku ${number} na částku ${total}.${date ? ` Nabídka platí do ${date}.` : ''}`,
  signOff: 'S pozdravem',
  // "k" takes the dative: k faktuře, k nabídce.
  newMessage: (author, transaction) => `${author} napsal(a) k ${transaction}`,
  about: {
    invoice: 'faktuře',
    quote: 'nabídce',
    customer_payment: 'platbě zákazníka',
    vendor_check: 'šeku dodavateli',
    credit_card_transaction: 'transakci platební kartou',
    sales_receipt: 'prodejní účtence',
    expense: 'výdaji',
    billable_expense: 'přefakturovatelnému výdaji',
    delayed_charge: 'odloženému poplatku',
    credit_memo: 'dobropisu',
    paycheck: 'výplatě',
  },
  openTransaction: 'Otevřít transakci',
};

const byLanguage: Record<string, Labels> = { en, es, cs };

export function labelsFor(language: string): Labels {
  return byLanguage[language.split('-')[0]!.toLowerCase()] ?? en;
}

/**
 * A document email's body, whole in the reader's language: greeting, the agent's own note
 * (as typed) when there is one, the one sentence about the attachment, sign-off.
 */
export function documentEmailText(
  language: string,
  parts: { kind: DocumentKind; number: string; total: string; date: string | null; note: string; organization: string },
): string {
  const t = labelsFor(language);
  const note = parts.note.trim();
  return [
    t.greeting,
    ...(note ? [note] : []),
    t.documentEmailBody(parts.kind, parts.number, parts.total, parts.date),
    `${t.signOff}\n${parts.organization}`,
  ].join('\n\n');
}

export function kindLabel(kind: DocumentKind, language: string): string {
  return labelsFor(language)[kind];
}

/** A calendar date (YYYY-MM-DD) in the reader's language, without time-zone drift. */
export function formatDate(date: string, language: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(Date.UTC(y, m - 1, d)),
    );
  } catch {
    return date;
  }
}
