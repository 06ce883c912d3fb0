// Sending a change that is charged now (a plan, seats, a credit pack) from a dialog: the change, then the bank's
// confirmation when its invoice asks for one (the change is applied only once that invoice is paid), then the page
// shows the new state and the invoice. Sending the same change again (after a lost answer or a 503) reuses its
// Idempotency-Key, so it is charged once.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CreditPurchaseResult, Invoice, SubscriptionChangeResult } from '../api.ts';
import { useIntentKey } from '../intent-key.ts';
import { refreshInvoices } from './queries.ts';
import { type InvoicePayment, useInvoicePayment } from './useInvoicePayment.ts';

export interface ChargedChange {
  busy: boolean;
  /** Why the change was refused (402 declined card, 409 …), in the server's words. */
  error: Error | null;
  /** The invoice of a change that waits for the bank's confirmation. */
  awaiting: Invoice | null;
  payment: InvoicePayment;
  /** POSTs to /v1/workspaces/:ws/PATH; every such route answers the invoice it issued (null when none). */
  send(path: string, body?: unknown): Promise<void>;
  reset(): void;
}

export function useChargedChange(slug: string, onDone: () => void): ChargedChange {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [awaiting, setAwaiting] = useState<Invoice | null>(null);
  const intent = useIntentKey();
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
    let result: SubscriptionChangeResult | CreditPurchaseResult | null = null;
    try {
      result = await intent.send<SubscriptionChangeResult | CreditPurchaseResult>(
        'POST',
        `/v1/workspaces/${slug}/${path}`,
        body,
      );
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
    intent.forget();
    setError(null);
    setAwaiting(null);
  }

  return { busy, error, awaiting, payment, send, reset };
}
