// Picks up the payment an earlier run of the same keyed request started and never answered (a crash, or a
// gateway that did not answer): the invoice it issued and its latest attempt, in whatever state they are now.
// Finishing it charges with the same attempt id, which the gateway charges at most once.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { latestAttemptOf } from './payment-attempts.queries.ts';
import { chargeDescriptionFor, type StartedPayment } from './started-payment.ts';

export async function resumePayment(
  trx: BillfoldTransaction,
  invoice: { id: string; status: string },
): Promise<StartedPayment> {
  const latest = await latestAttemptOf(trx, invoice.id);
  if (!latest) {
    // Only an invoice with nothing to pay is settled without an attempt.
    if (invoice.status === 'paid') return { kind: 'settled' };
    throw new Error(`Invoice ${invoice.id} of a keyed request has no payment attempt to resume`);
  }
  const { gatewayRef, invoiceNumber, failureMessage, ...attempt } = latest;
  switch (attempt.status) {
    case 'succeeded':
      return { kind: 'settled' };
    case 'pending':
      return { kind: 'charge', attempt, gatewayRef, description: chargeDescriptionFor(invoiceNumber) };
    case 'requires_action':
      return { kind: 'awaiting_authentication', attempt };
    case 'failed':
      return { kind: 'declined', message: failureMessage ?? 'The payment failed.' };
  }
}
