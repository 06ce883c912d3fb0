// What a credit purchase's payment outcome does, in the transaction that records it: paid → the credits are
// granted (once: the grant is keyed by the invoice); declined → the purchase fails and its invoice is voided.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { formatCredits } from '../../domain/credits/credit-offer.ts';
import { systemActor } from '../access/actor.ts';
import type { BillingDeps } from '../deps.ts';
import { voidUnpaidInvoice } from '../invoices/void-unpaid-invoice.ts';
import { grantCredits } from './grant-credits.ts';

export async function settleCreditPurchase(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock' | 'creditPurchaseExpiryDays'>,
  invoiceId: string,
  outcome: { status: 'paid' } | { status: 'failed'; message: string },
): Promise<void> {
  const purchase = await trx
    .selectFrom('credit_purchase')
    .innerJoin('invoice', 'invoice.id', 'credit_purchase.invoice_id')
    .select(['credit_purchase.id', 'credit_purchase.workspace_id', 'credit_purchase.credits', 'invoice.number'])
    .where('credit_purchase.invoice_id', '=', invoiceId)
    .where('credit_purchase.status', '=', 'pending')
    .forUpdate('credit_purchase')
    .executeTakeFirst();
  if (!purchase) return;
  const now = toDate(deps.clock.now());
  if (outcome.status === 'failed') {
    await trx
      .updateTable('credit_purchase')
      .set({ status: 'failed', failure_message: outcome.message, settled_at: now })
      .where('id', '=', purchase.id)
      .execute();
    await voidUnpaidInvoice(trx, deps.clock, purchase.workspace_id, invoiceId);
    return;
  }
  await grantCredits(trx, now, {
    workspaceId: purchase.workspace_id,
    source: 'purchase',
    credits: purchase.credits,
    expiresAt:
      deps.creditPurchaseExpiryDays === null
        ? null
        : new Date(now.getTime() + deps.creditPurchaseExpiryDays * 24 * 60 * 60 * 1000),
    description: `Purchased ${formatCredits(purchase.credits)} credits (invoice ${purchase.number})`,
    invoiceId,
    subscriptionId: null,
    actor: systemActor,
  });
  await trx
    .updateTable('credit_purchase')
    .set({ status: 'granted', settled_at: now })
    .where('id', '=', purchase.id)
    .execute();
}
