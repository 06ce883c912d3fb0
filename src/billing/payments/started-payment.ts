// What step 1 of a payment hands to steps 2 and 3 (StartedPayment), and what a payment answers (PaymentResult).
import type { PaymentAttempt } from './payment-attempts.queries.ts';

export type PaymentResult =
  | { status: 'paid' }
  | { status: 'requires_action'; nextActionUrl: string | null }
  | { status: 'failed'; message: string };

export type StartedPayment =
  | { kind: 'settled' }
  | { kind: 'charge'; attempt: PaymentAttempt; gatewayRef: string; description: string }
  | { kind: 'awaiting_authentication'; attempt: PaymentAttempt }
  /** Only when resuming a keyed request: its charge was already declined. */
  | { kind: 'declined'; message: string }
  /** Dunning gives up on a charge the cardholder never confirmed: it is canceled at the gateway. */
  | { kind: 'cancel_unconfirmed'; attempt: PaymentAttempt };

/** What the cardholder's statement says for an invoice's charge. */
export function chargeDescriptionFor(invoiceNumber: string | null): string {
  return `Invoice ${invoiceNumber}`;
}
