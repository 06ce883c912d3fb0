// The one reading of the gateway's answers: a thrown error is sorted (the port's GatewayUnavailableError is a
// `retryable` outcome, anything else is a bug and propagates as a 500), a retryable outcome becomes 503
// gateway_unavailable, and each answered outcome maps, exhaustively, to what the payment answers and settles.
import { BillingError } from '../../domain/errors.ts';
import { type ChargeOutcome, type GatewayDecline, GatewayUnavailableError } from '../../gateways/payment-gateway.ts';
import type { AnsweredCharge } from './payment-attempts.queries.ts';
import type { InvoiceOutcome } from './settle-invoice.ts';
import type { PaymentResult } from './started-payment.ts';

export type RetryableCharge = Extract<ChargeOutcome, { status: 'retryable' }>;

/** Calls the gateway; the port's "unavailable" error becomes a retryable outcome, any other error is rethrown. */
export async function askGateway<Answer extends ChargeOutcome | null>(
  call: () => Promise<Answer>,
): Promise<Answer | RetryableCharge> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof GatewayUnavailableError) return { status: 'retryable', reason: error.message };
    throw error;
  }
}

/** The request's answer while the processor is unreachable: the attempt stays pending for the recovery job. */
export function gatewayUnavailable(outcome: RetryableCharge): BillingError {
  return new BillingError(
    'gateway_unavailable',
    'The card processor did not answer. The payment settles on its own once it does; nothing will be charged twice.',
    { cause: outcome.reason, logMessage: `The card processor is unreachable: ${outcome.reason}` },
  );
}

export function paymentResultOf(outcome: AnsweredCharge): PaymentResult {
  switch (outcome.status) {
    case 'succeeded':
      return { status: 'paid' };
    case 'declined':
      return { status: 'failed', message: outcome.message };
    case 'requires_action':
      return { status: 'requires_action', nextActionUrl: outcome.nextActionUrl };
    default:
      return unreachable(outcome);
  }
}

/** What the invoice's settlement (the subscription or credit purchase it pays for) is told: the payment's result,
 * without the confirmation link. */
export function invoiceOutcomeOf(outcome: AnsweredCharge): InvoiceOutcome {
  const result = paymentResultOf(outcome);
  return result.status === 'requires_action' ? { status: 'requires_action' } : result;
}

/** The decline as events and the audit log carry it: `{ code, message }`, or null. */
export function declineOf(outcome: AnsweredCharge): GatewayDecline | null {
  return outcome.status === 'declined' ? { code: outcome.code, message: outcome.message } : null;
}

/** The compile-time check that a switch handled every outcome; reaching it at run time is a bug. */
export function unreachable(value: never): never {
  throw new Error(`Unexpected charge outcome ${JSON.stringify(value)}`);
}
