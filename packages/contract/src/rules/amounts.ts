/**
 * The largest amount Ledgerside handles, in minor units: every amount the API answers is an
 * exact JSON number, so a line, a document's totals, and an organization's billed sum per
 * currency (the summary) stay within Number.MAX_SAFE_INTEGER (≈ 90 trillion dollars in cents).
 * A document past it cannot be totalled (the form says so before saving); an invoice that would
 * take the billed sum past it is refused with 422 `amount_too_large`.
 */
export const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;

/** Whether an amount (or a sum, as BigInt) is beyond what can be answered exactly. */
export function exceedsMaxAmount(amount: bigint | number): boolean {
  if (typeof amount === 'number') return !Number.isFinite(amount) || Math.abs(amount) > MAX_AMOUNT;
  return (amount < 0n ? -amount : amount) > BigInt(MAX_AMOUNT);
}
