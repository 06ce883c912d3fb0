// The words a credit note document prints, shared by its PDF and hosted page.
import type { CreditNoteView } from '../credit-note-view.ts';

export const creditNoteReasonLabels: Record<CreditNoteView['reason'], string> = {
  duplicate: 'Duplicate charge',
  fraudulent: 'Fraudulent charge',
  requested_by_customer: 'Requested by the customer',
  other: 'Other',
};

/** One sentence on where the money went. */
export function creditStatement(creditNote: CreditNoteView, amount: string): string {
  return creditNote.creditedTo === 'card'
    ? `${amount} was refunded to the card that paid invoice ${creditNote.invoiceNumber}.`
    : `${amount} was credited to the customer balance and is applied to the next invoices.`;
}
