// What ending a subscription now can give back: the unused time of its current period at what the period's invoice
// was paid, never more than that invoice still has after its earlier refunds (a refunded invoice gives nothing more).
import type { Temporal } from 'temporal-polyfill';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import type { Subscription } from '../../domain/subscriptions/subscription.ts';
import { unusedTimeOf } from '../../domain/subscriptions/subscription-lines.ts';
import { refundedSoFar } from '../credit-notes/credit-notes.queries.ts';
import { paidInvoiceOfPeriod } from '../invoices/invoices.queries.ts';

export async function refundableUnusedTime(
  trx: BillfoldTransaction,
  subscription: Subscription,
  now: Temporal.Instant,
): Promise<{ invoiceId: string | null; amount: number }> {
  const paid = await paidInvoiceOfPeriod(trx, subscription.id, toDate(subscription.currentPeriod.start));
  if (!paid) return { invoiceId: null, amount: 0 };
  const left = paid.total - (await refundedSoFar(trx, paid.id)).total;
  const unused = unusedTimeOf(paid.total, subscription.currentPeriod, now);
  return { invoiceId: paid.id, amount: Math.max(0, Math.min(unused, left)) };
}
