// Why an invoice is void, in words for the payer: an invoice is only voided when the charge for what it billed was
// declined (or its card authentication failed), so nothing was charged for it.

/** The reason a void invoice shows next to "Void — nothing is due", from its last payment attempt. */
export function voidReason(lastPayment: { status: string } | null): string {
  if (lastPayment?.status === 'failed') return 'Payment declined — nothing was charged';
  return 'Voided — nothing was charged';
}
