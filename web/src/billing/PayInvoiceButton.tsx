// Pay now for an open invoice: charges the default card; when the bank asks the cardholder to confirm, a dialog
// does that and the payment is tried again.
import { Button } from '@mantine/core';
import type { Invoice } from '../api.ts';
import { ConfirmPaymentDialog } from './ConfirmPaymentDialog.tsx';
import { useInvoicePayment } from './useInvoicePayment.ts';

export function PayInvoiceButton({
  slug,
  invoice,
  onResult,
}: {
  slug: string;
  invoice: Invoice;
  /** Why the payment did not go through (the card processor's words), or null once it did or was retried. */
  onResult: (error: string | null) => void;
}) {
  const payment = useInvoicePayment(slug, { onFailed: onResult });
  const label = invoice.number ?? 'this invoice';

  function payNow() {
    onResult(null);
    return payment.payNow(invoice.id);
  }

  return (
    <>
      <Button
        size="compact-sm"
        loading={payment.busy && !payment.confirming}
        onClick={payNow}
        aria-label={`Pay ${label} now`}
      >
        Pay now
      </Button>
      <ConfirmPaymentDialog payment={payment} />
    </>
  );
}
