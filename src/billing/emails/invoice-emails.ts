// The emails of an invoice's payment: the receipt of a paid invoice (or, for an auto top-up, the top-up bought),
// and a failed payment — the first failure of a renewal, each dunning retry that fails, a failed auto top-up.
// A payment the customer made on the page and saw fail is not emailed: they were told there.
import { Temporal } from 'temporal-polyfill';
import { toDate } from '../../domain/clock.ts';
import { nextRetryAt } from '../../domain/dunning/retry-schedule.ts';
import { findIssuedInvoice } from '../invoices/invoice-views.queries.ts';
import {
  declinedAttemptMessages,
  earlierPaymentFailures,
  findCreditPurchaseOfInvoice,
  findInvoiceBillingReason,
} from './email-causes.queries.ts';
import { billingPageUrl, type EmailContext } from './email-context.ts';
import { enqueueEmail } from './enqueue-email.ts';
import { failureMessageOf, idOf } from './event-facts.ts';
import { autoTopUpEmail } from './templates/auto-top-up.ts';
import { dunningRetryFailedEmail } from './templates/dunning-retry-failed.ts';
import { paymentFailedEmail } from './templates/payment-failed.ts';
import { receiptEmail } from './templates/receipt.ts';

/** invoice.paid → the receipt, with the invoice's PDF attached when sent; one per invoice. */
export async function enqueueInvoicePaidEmail(context: EmailContext): Promise<void> {
  const { trx, deps, event, workspace } = context;
  const invoiceId = idOf(event, 'inv');
  if (!invoiceId) return;
  const invoice = await findIssuedInvoice(trx, deps.baseUrl, workspace.id, invoiceId);
  // Nothing was charged (credits covered it): no receipt to send.
  if (!invoice || invoice.total <= 0) return;
  const purchase = await findCreditPurchaseOfInvoice(trx, invoiceId);
  const base = { workspaceId: workspace.id, causeId: invoiceId, to: context.to, attachInvoiceId: invoiceId };
  if (purchase?.reason === 'auto_top_up') {
    const email = await autoTopUpEmail({
      workspaceName: workspace.name,
      credits: purchase.credits,
      invoice,
      billingUrl: billingPageUrl(deps, workspace),
    });
    await enqueueEmail(trx, deps, { ...base, kind: 'auto_top_up', email });
    return;
  }
  await enqueueEmail(trx, deps, {
    ...base,
    kind: 'receipt',
    email: await receiptEmail({ workspaceName: workspace.name, invoice }),
  });
}

/** invoice.payment_failed of a renewal (the first failure, then each dunning retry) or of an auto top-up. */
export async function enqueuePaymentFailedEmail(context: EmailContext): Promise<void> {
  const { trx, deps, event, workspace } = context;
  const invoiceId = idOf(event, 'inv');
  if (!invoiceId) return;
  const [invoice, facts] = await Promise.all([
    findIssuedInvoice(trx, deps.baseUrl, workspace.id, invoiceId),
    findInvoiceBillingReason(trx, invoiceId),
  ]);
  if (!invoice || !facts) return;
  // The n-th failure of the invoice is the n-th declined attempt: its reason, when the payload does not say.
  const earlier = await earlierPaymentFailures(trx, workspace.id, invoiceId, event.sequence);
  const declined = await declinedAttemptMessages(trx, invoiceId);
  const reason =
    failureMessageOf(event) ??
    declined[earlier.length] ??
    declined.at(-1) ??
    invoice.payment?.failureMessage ??
    'The card was declined.';
  const failed = {
    workspaceName: workspace.name,
    number: invoice.number ?? invoice.id,
    amount: invoice.total,
    currency: invoice.currency,
    reason,
    updateCardUrl: billingPageUrl(deps, workspace),
    hostedUrl: invoice.hostedUrl,
  };
  const base = { workspaceId: workspace.id, causeId: event.id, to: context.to };

  if (facts.billingReason === 'subscription_cycle') {
    const retries = deps.dunningRetryDays.length;
    // Past due since the first failure: the retry schedule counts from it (src/domain/dunning/retry-schedule.ts).
    const pastDueSince = earlier[0] ?? event.createdAt;
    const following = nextRetryAt(
      Temporal.Instant.fromEpochMilliseconds(pastDueSince.getTime()),
      earlier.length,
      deps.dunningRetryDays,
    );
    const next = following && toDate(following);
    if (earlier.length === 0) {
      await enqueueEmail(trx, deps, {
        ...base,
        kind: 'payment_failed',
        email: await paymentFailedEmail({ ...failed, nextRetryAt: next }),
      });
    } else if (earlier.length < retries) {
      const email = await dunningRetryFailedEmail({ ...failed, nextRetryAt: next, retry: earlier.length, retries });
      await enqueueEmail(trx, deps, { ...base, kind: 'dunning_retry_failed', email });
    }
    // The last retry's failure ends the subscription: its subscription.canceled says "back to Free".
    return;
  }
  if (facts.billingReason === 'credit_purchase') {
    const purchase = await findCreditPurchaseOfInvoice(trx, invoiceId);
    if (purchase?.reason !== 'auto_top_up') return;
    await enqueueEmail(trx, deps, {
      ...base,
      kind: 'payment_failed',
      email: await paymentFailedEmail({ ...failed, nextRetryAt: null }),
    });
  }
}
