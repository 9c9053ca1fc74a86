/** The few words the server writes itself (PDFs, emails), in the seeds' languages. */
import type { DocumentKind } from '@ledgerside/contract';

const en = {
  invoice: 'Invoice',
  quote: 'Quote',
  billTo: 'Bill to',
  number: 'Number',
  issueDate: 'Issue date',
  dueDate: 'Due date',
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
  documentEmail: (kind: string, number: string, org: string) => `${kind} ${number} from ${org}`,
  documentEmailBody: (kind: string, number: string, total: string, due: string | null) =>
    `Please find attached ${kind.toLowerCase()} ${number} for ${total}.${due ? ` Due date: ${due}.` : ''}`,
  newMessage: (author: string, subject: string) => `${author} wrote about ${subject}`,
  openTransaction: 'Open the transaction',
};

type Labels = typeof en;

const es: Labels = {
  invoice: 'Factura',
  quote: 'Presupuesto',
  billTo: 'Facturar a',
  number: 'Número',
  issueDate: 'Fecha de emisión',
  dueDate: 'Vencimiento',
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
  documentEmail: (kind, number, org) => `${kind} ${number} de ${org}`,
  documentEmailBody: (kind, number, total, due) =>
    `Adjuntamos ${kind.toLowerCase()} ${number} por ${total}.${due ? ` Vencimiento: ${due}.` : ''}`,
  newMessage: (author, subject) => `${author} escribió sobre ${subject}`,
  openTransaction: 'Abrir la transacción',
};

const cs: Labels = {
  invoice: 'Faktura',
  quote: 'Nabídka',
  billTo: 'Odběratel',
  number: 'Číslo',
  issueDate: 'Datum vystavení',
  dueDate: 'Datum splatnosti',
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
  documentEmail: (kind, number, org) => `${kind} ${number} od ${org}`,
  documentEmailBody: (kind, number, total, due) =>
    `V příloze zasíláme doklad ${kind.toLowerCase()} ${number} na částku ${total}.${due ? ` Splatnost: ${due}.` : ''}`,
  newMessage: (author, subject) => `${author} napsal(a) k ${subject}`,
  openTransaction: 'Otevřít transakci',
};

const byLanguage: Record<string, Labels> = { en, es, cs };

export function labelsFor(language: string): Labels {
  return byLanguage[language.split('-')[0]!.toLowerCase()] ?? en;
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
