// The customer balance, in Stripe's sign: a negative balance is credit the workspace holds (from credit notes), taken
// off its next invoices after tax, before the card is charged, never making an invoice's amount due negative; the
// rest is carried to the invoices after. Its ledger is append-only and each entry carries the balance after it.

export interface BalanceApplication {
  /** Taken off the invoice; negative when a negative invoice credited the balance. */
  applied: number;
  /** What the card is charged: the invoice's total less what the balance paid (≥ 0). */
  amountDue: number;
  /** The balance afterwards (≤ 0: what is left of the credit is carried). */
  balanceAfter: number;
}

/**
 * Applies a balance (≤ 0 is credit) to an invoice's total after tax. A balance ≥ 0 applies nothing. An invoice whose
 * total is negative (a downgrade's credit for unused time beyond its new charge) credits the balance with it instead:
 * `applied` is then that negative total, and nothing is due.
 */
export function applyBalance(invoiceTotal: number, balance: number): BalanceApplication {
  if (invoiceTotal < 0) return { applied: invoiceTotal, amountDue: 0, balanceAfter: balance + invoiceTotal };
  const credit = Math.max(0, -balance);
  const applied = Math.min(credit, Math.max(0, invoiceTotal));
  return { applied, amountDue: invoiceTotal - applied, balanceAfter: balance + applied };
}

/**
 * A voided invoice gives back what the balance paid of it (Stripe's unapplied_from_invoice): the balance goes negative
 * again by that much. Nothing comes back from an invoice that credited the balance (it was paid at once, never voided).
 */
export function returnAppliedBalance(balance: number, applied: number): { returned: number; balanceAfter: number } {
  const returned = Math.max(0, applied);
  return { returned, balanceAfter: balance - returned };
}

/** A credit note credited to the balance: the balance goes further negative by its total. */
export function creditBalance(balance: number, credit: number): number {
  if (credit <= 0) throw new RangeError('a credit to the balance is positive');
  return balance - credit;
}

export interface BalanceEntry {
  id: string;
  /** Signed: negative credits the customer, positive draws on the credit. */
  amount: number;
  balanceAfter: number;
}

/** The balance a ledger adds up to. */
export function balanceOf(entries: readonly Pick<BalanceEntry, 'amount'>[]): number {
  return entries.reduce((sum, entry) => sum + entry.amount, 0);
}

/** The entries whose recorded balance-after differs from the running sum of the ledger, in order. */
export function misrecordedEntries(
  entries: readonly BalanceEntry[],
): { id: string; recorded: number; expected: number }[] {
  const wrong: { id: string; recorded: number; expected: number }[] = [];
  let running = 0;
  for (const entry of entries) {
    running += entry.amount;
    if (entry.balanceAfter !== running) wrong.push({ id: entry.id, recorded: entry.balanceAfter, expected: running });
  }
  return wrong;
}
