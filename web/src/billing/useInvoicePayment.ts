// Paying an open invoice from the page: charge the default card, and when the bank asks the cardholder to confirm,
// hold the invoice for ConfirmPaymentDialog, which confirms (the sandbox's stand-in for the bank's popup) and retries.
// A charge sent again after a lost answer reuses its Idempotency-Key, so the card is charged once.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Invoice } from '../api.ts';
import { useIntentKey } from '../intent-key.ts';
import { refreshInvoices } from './queries.ts';

export interface InvoicePayment {
  /** A charge or a confirmation is running. */
  busy: boolean;
  /** The invoice waiting for the cardholder's confirmation, while the dialog is open. */
  confirming: Invoice | null;
  /** Why the confirmed payment still did not go through. */
  confirmError: string | null;
  /** Charges the default card for the invoice. */
  payNow(invoiceId: string): Promise<void>;
  /** Opens the confirmation for an invoice another request left waiting for the bank. */
  requestConfirmation(invoice: Invoice): void;
  confirm(): Promise<void>;
  dismiss(): void;
}

export function useInvoicePayment(
  slug: string,
  handlers: {
    onPaid?: (invoice: Invoice) => void;
    /** The card processor's words for a failed charge. */
    onFailed: (message: string) => void;
  },
): InvoicePayment {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<Invoice | null>(null);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const intent = useIntentKey();

  function charge(invoiceId: string) {
    return intent.send<Invoice>('POST', `/v1/workspaces/${slug}/invoices/${invoiceId}/pay`);
  }

  function requestConfirmation(invoice: Invoice) {
    setConfirmError(null);
    setConfirming(invoice);
  }

  async function payNow(invoiceId: string) {
    setBusy(true);
    try {
      const result = await charge(invoiceId);
      if (result.status === 'paid') {
        handlers.onPaid?.(result);
      } else if (result.payment?.status === 'requires_action' && result.payment.nextActionUrl) {
        requestConfirmation(result);
      } else {
        handlers.onFailed(
          result.payment?.failureMessage ?? `${result.number ?? 'The invoice'} is still open. Try again in a moment.`,
        );
      }
    } catch (e) {
      handlers.onFailed((e as Error).message);
    } finally {
      setBusy(false);
    }
    await refreshInvoices(queryClient, slug);
  }

  async function confirm() {
    const url = confirming?.payment?.nextActionUrl;
    if (!confirming || !url) return;
    setBusy(true);
    setConfirmError(null);
    try {
      // What the cardholder does in their bank's window; then the invoice is charged again, now authenticated.
      await api('POST', url);
      const result = await charge(confirming.id);
      if (result.status === 'paid') {
        setConfirming(null);
        handlers.onPaid?.(result);
      } else {
        setConfirmError(result.payment?.failureMessage ?? 'The payment is still not complete. Try again.');
      }
    } catch (e) {
      setConfirmError((e as Error).message);
    } finally {
      setBusy(false);
    }
    await refreshInvoices(queryClient, slug);
  }

  function dismiss() {
    if (!busy) setConfirming(null);
  }

  return { busy, confirming, confirmError, payNow, requestConfirmation, confirm, dismiss };
}
