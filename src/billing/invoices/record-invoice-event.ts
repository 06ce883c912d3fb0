// Writes an invoice.* event: its object is the invoice as GET …/invoices/:inv answers it now, its `previous` the
// fields that changed since `before` (the view read before the change), in the caller's transaction.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { BillingDeps } from '../deps.ts';
import { eventDataOf } from '../events/changed-fields.ts';
import { type BillingEventType, recordEvent } from '../events/record-event.ts';
import type { InvoiceView } from './invoice-view.ts';
import { loadInvoiceView } from './invoice-views.queries.ts';

export type InvoiceEventType = Extract<BillingEventType, `invoice.${string}`>;

/** The invoice's view now, for the `before` of an event written after a change. */
export function invoiceViewNow(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'baseUrl'>,
  invoiceId: string,
): Promise<InvoiceView> {
  return loadInvoiceView(trx, deps.baseUrl, invoiceId);
}

export async function recordInvoiceEvent(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock' | 'baseUrl'>,
  event: { workspaceId: string; invoiceId: string; type: InvoiceEventType; before?: InvoiceView },
): Promise<InvoiceView> {
  const view = await loadInvoiceView(trx, deps.baseUrl, event.invoiceId);
  await recordEvent(trx, deps.clock, {
    workspaceId: event.workspaceId,
    type: event.type,
    data: eventDataOf(view, event.before),
  });
  return view;
}
