// The invoice lifecycle: draft → open → paid | void | uncollectible (an uncollectible invoice can still be paid or voided).
// Finalizing moves draft → open; the database refuses any change to a finalized invoice's content.

export const invoiceStatuses = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceStatusName = (typeof invoiceStatuses)[number];

/** An invoice the customer still owes: a payment may be attempted. */
export function isPayable(status: InvoiceStatusName): boolean {
  return status === 'draft' || status === 'open' || status === 'uncollectible';
}
