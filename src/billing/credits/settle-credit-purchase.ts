// What a credit purchase's payment outcome does, in the transaction that records it: paid → the credits are
// granted (once: the grant is keyed by the invoice); declined → the purchase fails and its invoice is voided.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { systemActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { formatCredits } from '../../domain/credits/credit-offer.ts';
import type { BillingDeps } from '../deps.ts';
import { voidUnpaidInvoice } from '../invoices/void-unpaid-invoice.ts';
import { lockPendingPurchaseOfInvoice, markPurchaseFailed, markPurchaseGranted } from './credit-purchase.queries.ts';
import { grantCredits } from './grant-credits.ts';

export async function settleCreditPurchase(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock' | 'creditPurchaseExpiryDays' | 'baseUrl'>,
  invoiceId: string,
  outcome: { status: 'paid' } | { status: 'failed'; message: string },
): Promise<void> {
  const purchase = await lockPendingPurchaseOfInvoice(trx, invoiceId);
  if (!purchase) return;
  const now = toDate(deps.clock.now());
  if (outcome.status === 'failed') {
    await markPurchaseFailed(trx, purchase.id, outcome.message, now);
    await voidUnpaidInvoice(trx, deps, purchase.workspaceId, invoiceId);
    return;
  }
  await grantCredits(trx, now, {
    workspaceId: purchase.workspaceId,
    source: 'purchase',
    credits: purchase.credits,
    expiresAt:
      deps.creditPurchaseExpiryDays === null
        ? null
        : new Date(now.getTime() + deps.creditPurchaseExpiryDays * 24 * 60 * 60 * 1000),
    description: `Purchased ${formatCredits(purchase.credits)} credits (invoice ${purchase.invoiceNumber})`,
    invoiceId,
    subscriptionId: null,
    actor: systemActor,
  });
  await markPurchaseGranted(trx, purchase.id, now);
}
