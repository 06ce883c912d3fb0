// Sending a subscription change from a dialog: the change, then the bank's confirmation when its invoice asks for
// one (the change is applied only once that invoice is paid), then the page shows the new plan and invoice.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Invoice, type SubscriptionChangeResult } from '../../api.ts';
import { refreshInvoices } from '../queries.ts';
import { type InvoicePayment, useInvoicePayment } from '../useInvoicePayment.ts';

export interface SubscriptionChangeRequest {
  busy: boolean;
  /** Why the change was refused (402 declined card, 409 …), in the server's words. */
  error: Error | null;
  /** The invoice of a change that waits for the bank's confirmation. */
  awaiting: Invoice | null;
  payment: InvoicePayment;
  send(path: string, body?: unknown): Promise<void>;
  reset(): void;
}

export function useSubscriptionChange(slug: string, onDone: () => void): SubscriptionChangeRequest {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [awaiting, setAwaiting] = useState<Invoice | null>(null);
  const payment = useInvoicePayment(slug, {
    onPaid: () => {
      setAwaiting(null);
      onDone();
    },
    onFailed: (message) => setError(new Error(message)),
  });

  async function send(path: string, body?: unknown) {
    setBusy(true);
    setError(null);
    let result: SubscriptionChangeResult | null = null;
    try {
      result = await api<SubscriptionChangeResult>('POST', `/v1/workspaces/${slug}/${path}`, body);
    } catch (e) {
      setError(e as Error);
    }
    await refreshInvoices(queryClient, slug);
    setBusy(false);
    const invoice = result?.invoice;
    if (invoice?.status === 'open' && invoice.payment?.status === 'requires_action') {
      setAwaiting(invoice);
      payment.requestConfirmation(invoice);
    } else if (result) {
      onDone();
    }
  }

  function reset() {
    setError(null);
    setAwaiting(null);
  }

  return { busy, error, awaiting, payment, send, reset };
}
