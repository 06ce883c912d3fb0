// Writes an invoice.* event: its object is the invoice as GET …/invoices/:inv answers it now, its `previous` the
// fields that changed since `before` (the view read before the change), in the caller's transaction.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { BillingDeps } from '../deps.ts';
import { eventDataOf } from '../events/changed-fields.ts';
import { type BillingEventType, recordEvents } from '../events/record-event.ts';
import type { InvoiceView } from './invoice-view.ts';
import { loadInvoiceViewsById } from './invoice-views.queries.ts';

export type InvoiceEventType = Extract<BillingEventType, `invoice.${string}`>;

/** The invoice's view now, for the `before` of an event written after a change. */
export async function invoiceViewNow(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'baseUrl'>,
  invoiceId: string,
): Promise<InvoiceView> {
  const [view] = await invoiceViewsNow(trx, deps, [invoiceId]);
  if (!view) throw new Error(`No view of invoice ${invoiceId}`);
  return view;
}

/** Several invoices' views now, in the order of `invoiceIds`. */
export function invoiceViewsNow(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'baseUrl'>,
  invoiceIds: readonly string[],
): Promise<InvoiceView[]> {
  return loadInvoiceViewsById(trx, deps.baseUrl, invoiceIds);
}

export interface InvoiceEvent {
  workspaceId: string;
  invoiceId: string;
  type: InvoiceEventType;
  before?: InvoiceView;
}

export async function recordInvoiceEvent(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock' | 'baseUrl'>,
  event: InvoiceEvent,
): Promise<InvoiceView> {
  const [view] = await recordInvoiceEvents(trx, deps, [event]);
  if (!view) throw new Error(`No view of invoice ${event.invoiceId}`);
  return view;
}

/** Several invoice events in one statement (a batch of renewals); the invoices' views, in order. */
export async function recordInvoiceEvents(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'clock' | 'baseUrl'>,
  events: readonly InvoiceEvent[],
): Promise<InvoiceView[]> {
  const views = await invoiceViewsNow(
    trx,
    deps,
    events.map((event) => event.invoiceId),
  );
  await recordEvents(
    trx,
    deps.clock,
    events.map((event, i) => ({
      workspaceId: event.workspaceId,
      type: event.type,
      data: eventDataOf(views[i] as InvoiceView, event.before),
    })),
  );
  return views;
}
