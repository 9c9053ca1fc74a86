/**
 * Which transactions may carry a conversation (seed 004): posting transactions yes, the
 * others no. The component says so plainly; the server refuses with 422.
 */
export const transactionTypes = [
  'invoice',
  'quote',
  'customer_payment',
  'vendor_check',
  'credit_card_transaction',
  'sales_receipt',
  'expense',
  'billable_expense',
  'delayed_charge',
  'credit_memo',
  'paycheck',
] as const;
export type TransactionType = (typeof transactionTypes)[number];

export const conversationEligibility: Readonly<Record<TransactionType, boolean>> = {
  invoice: true,
  quote: true,
  customer_payment: true,
  vendor_check: true,
  credit_card_transaction: true,
  sales_receipt: false,
  expense: false,
  billable_expense: false,
  delayed_charge: false,
  credit_memo: false,
  paycheck: false,
};

export function allowsConversation(type: string): type is TransactionType {
  return (transactionTypes as readonly string[]).includes(type) &&
    conversationEligibility[type as TransactionType];
}
