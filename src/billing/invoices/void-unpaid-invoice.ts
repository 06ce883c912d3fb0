// Voids an open invoice whose charge was declined for something that never happened (a plan change, a credit
// purchase, a write-off's end): the number stays, marked void, and an invoice.voided event carries it. What the customer
// balance paid of it goes back to the balance in the same transaction.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { returnBalanceOfVoidedInvoice } from '../customer-balance/apply-customer-balance.ts';
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
  if (!voided) return;
  await returnBalanceOfVoidedInvoice(trx, deps, {
    invoiceId,
    workspaceId,
    number: voided.number ?? invoiceId,
    currency: voided.currency,
    appliedBalance: voided.appliedBalance,
  });
  await recordInvoiceEvent(trx, deps, { workspaceId, invoiceId, type: 'invoice.voided', before });
}
