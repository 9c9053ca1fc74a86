import { msg } from '@lit/localize';
import { allowsConversation, transactionTypes, type TransactionType } from '@ledgerside/contract';

/** A kind of transaction in the plural, as a sentence names it ("credit memos"). */
export function transactionKindPlural(type: string): string {
  switch (type as TransactionType) {
    case 'invoice':
      return msg('invoices');
    case 'quote':
      return msg('quotes');
    case 'customer_payment':
      return msg('customer payments');
    case 'vendor_check':
      return msg('vendor checks');
    case 'credit_card_transaction':
      return msg('credit card transactions');
    case 'sales_receipt':
      return msg('sales receipts');
    case 'expense':
      return msg('expenses');
    case 'billable_expense':
      return msg('billable expenses');
    case 'delayed_charge':
      return msg('delayed charges');
    case 'credit_memo':
      return msg('credit memos');
    case 'paycheck':
      return msg('paychecks');
    default:
      return msg('this kind of transaction');
  }
}

/** The kinds that may carry a conversation, from the contract's eligibility table, as a list. */
export function eligibleKinds(locale: string): string {
  const kinds = transactionTypes.filter((t) => allowsConversation(t)).map((t) => transactionKindPlural(t));
  try {
    return new Intl.ListFormat(locale, { type: 'conjunction' }).format(kinds);
  } catch {
    return kinds.join(', ');
  }
}
