// Voids an open invoice whose charge was declined for something that never happened (a plan change, a credit
// purchase): the number stays, marked void, and an invoice.voided event carries it.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import type { BillingDeps } from '../deps.ts';
import { voidOpenInvoice } from './invoices.queries.ts';
import { invoiceViewNow, recordInvoiceEvent } from './record-invoice-event.ts';

export async function voidUnpaidInvoice(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock' | 'baseUrl'>,
  workspaceId: string,
  invoiceId: string,
): Promise<void> {
  const before = await invoiceViewNow(trx, deps, invoiceId);
  const voided = await voidOpenInvoice(trx, invoiceId, toDate(deps.clock.now()));
  if (voided) await recordInvoiceEvent(trx, deps, { workspaceId, invoiceId, type: 'invoice.voided', before });
}
