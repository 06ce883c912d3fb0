// SQL for collecting a subscription's renewal invoice: the period it bills, and writing it off (uncollectible)
// when the subscription ends for non-payment.
import type { BillfoldTransaction } from '../../db/transaction.ts';

export async function invoicePeriodOf(
  trx: BillfoldTransaction,
  invoiceId: string,
): Promise<{ start: Date; end: Date } | null> {
  const invoice = await trx
    .selectFrom('invoice')
    .select(['period_start', 'period_end'])
    .where('id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  return invoice.period_start && invoice.period_end ? { start: invoice.period_start, end: invoice.period_end } : null;
}

/** Marks a still-open invoice uncollectible; its number, or undefined when it was not open. */
export async function writeOffInvoice(
  trx: BillfoldTransaction,
  invoiceId: string,
): Promise<{ number: string | null } | undefined> {
  return trx
    .updateTable('invoice')
    .set({ status: 'uncollectible' })
    .where('id', '=', invoiceId)
    .where('status', '=', 'open')
    .returning(['number'])
    .executeTakeFirst();
}
