// The invoice lifecycle: draft → open → paid | void | uncollectible. Finalizing moves draft → open; the database
// refuses any change to a finalized invoice's content. Uncollectible is final (decision 008).

export const invoiceStatuses = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceStatusName = (typeof invoiceStatuses)[number];

/**
 * An invoice the customer still owes: a payment may be attempted. An uncollectible invoice was written off when
 * dunning ended its subscription; paying it would charge for a plan the workspace no longer has.
 */
export function isPayable(status: InvoiceStatusName): boolean {
  return status === 'draft' || status === 'open';
}
