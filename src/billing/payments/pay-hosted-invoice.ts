// Pays an open invoice from its hosted page: the link is the key (no sign-in), the payer's card arrives as a
// single-use token from the gateway's tokenization endpoint. The token is attached at the gateway (counted against
// the workspace's and the address's card-testing limits, like saving a card) and the invoice is then charged once
// through payInvoice, the same use case as the signed-in "Pay now", with that card instead of the default one. The
// card is kept only as the record of what paid the invoice; it is not saved among the workspace's cards.
import { systemActor } from '../../domain/access/actor.ts';
import { BillingError } from '../../domain/errors.ts';
import { clientAddressSubject, workspaceSubject } from '../../domain/payment-methods/card-attempt-subject.ts';
import type { BillingDeps } from '../deps.ts';
import { guardCardAttempt } from '../payment-methods/card-attempt-guard.ts';
import { findHostedInvoiceToPay, paymentAlreadyHasCard } from './hosted-payment.queries.ts';
import { payInvoice } from './pay-invoice.ts';
import type { PaymentResult } from './started-payment.ts';

export interface HostedPaymentRequest {
  hostedToken: string;
  /** The gateway's single-use card token (tok_…). */
  paymentMethodToken: string;
  /** Where the request came from, for the card-testing limit. */
  clientAddress: string;
  /** The keyed request (Idempotency-Key), or null. */
  requestRef: string | null;
}

/**
 * 404 for a link that names no invoice; 409 for an invoice that is not open, saying why; 402 (payment_failed) with
 * the processor's words when the card is refused. A payment already waiting for the cardholder's confirmation
 * (3-D Secure) is finished instead: the token is not used again.
 */
export async function payHostedInvoice(deps: BillingDeps, request: HostedPaymentRequest): Promise<PaymentResult> {
  const invoice = await findHostedInvoiceToPay(deps.db, request.hostedToken);
  if (!invoice) throw new BillingError('not_found', 'This invoice link is not valid.');
  const { invoiceId, workspaceId } = invoice;
  if (invoice.status !== 'open') throw notOpen(invoice.number, invoice.status);

  // The payer is known only by the link they hold: the audit log names Billfold itself as the actor.
  if (await paymentAlreadyHasCard(deps.db, invoiceId, request.requestRef)) {
    return payInvoice(deps, workspaceId, invoiceId, systemActor, request.requestRef);
  }
  const attached = await guardCardAttempt(
    deps,
    [workspaceSubject(workspaceId), clientAddressSubject(request.clientAddress)],
    () => deps.gateway.attach(request.paymentMethodToken),
    (result) => !result.ok,
  );
  if (!attached.ok) {
    throw new BillingError('payment_failed', `${attached.decline.message} Nothing was charged.`, {
      param: 'paymentMethodToken',
    });
  }
  const result = await payInvoice(deps, workspaceId, invoiceId, systemActor, request.requestRef, attached.card);
  return result.status === 'failed' ? { status: 'failed', message: `${result.message} Nothing was charged.` } : result;
}

function notOpen(number: string | null, status: string): BillingError {
  const invoice = `Invoice ${number ?? ''}`.trim();
  const why: Record<string, string> = {
    paid: `${invoice} is already paid: there is nothing to pay.`,
    void: `${invoice} is void: nothing is due, so it cannot be paid.`,
    uncollectible: `${invoice} was written off when its subscription ended for non-payment, so it cannot be paid.`,
  };
  return new BillingError('invoice_not_payable', why[status] ?? `${invoice} is ${status}, so it cannot be paid.`);
}
