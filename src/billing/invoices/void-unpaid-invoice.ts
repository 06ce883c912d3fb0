// Voids an open invoice whose charge was declined for something that never happened (a plan change, a credit
// purchase): the number stays, marked void, and an invoice.voided event says why.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { type Clock, toDate } from '../../domain/clock.ts';
import { recordEvent } from '../events/record-event.ts';
import { voidOpenInvoice } from './invoices.queries.ts';

export async function voidUnpaidInvoice(
  trx: BillfoldTransaction,
  clock: Clock,
  workspaceId: string,
  invoiceId: string,
): Promise<void> {
  const voided = await voidOpenInvoice(trx, invoiceId, toDate(clock.now()));
  if (voided) {
    await recordEvent(trx, clock, {
      workspaceId,
      type: 'invoice.voided',
      data: { invoiceId: voided.id, number: voided.number, reason: 'payment_failed' },
    });
  }
}
