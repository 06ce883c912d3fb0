// The invoice lifecycle: draft → open → paid | void | uncollectible (an uncollectible invoice can still be paid or voided).

export const invoiceStatuses = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceStatusName = (typeof invoiceStatuses)[number];

const transitions: Record<InvoiceStatusName, readonly InvoiceStatusName[]> = {
  draft: ['open'],
  open: ['paid', 'void', 'uncollectible'],
  uncollectible: ['paid', 'void'],
  paid: [],
  void: [],
};

export function canMoveInvoice(from: InvoiceStatusName, to: InvoiceStatusName): boolean {
  return transitions[from].includes(to);
}

/** An invoice the customer still owes: a payment may be attempted. */
export function isPayable(status: InvoiceStatusName): boolean {
  return status === 'open' || status === 'uncollectible' || status === 'draft';
}
