// The invoice PDF an email carries, taken when it is sent (and when the mailbox page offers it) as the PDF download
// takes it (stored, rendered again only if what it prints has changed), so the attachment is the invoice as it
// stands and the same file its download gives.
import type { BillingDeps } from '../deps.ts';
import { invoicePdfOf } from '../invoices/download-invoice-pdf.ts';
import { findIssuedInvoice } from '../invoices/invoice-views.queries.ts';
import { findEmailWorkspaceName } from './email-recipients.queries.ts';

export interface InvoiceAttachment {
  /** "INV-000123.pdf", as the invoice's PDF download is named. */
  filename: string;
  content: Buffer;
  contentType: 'application/pdf';
}

export async function invoiceAttachment(
  deps: Pick<BillingDeps, 'db' | 'baseUrl' | 'invoicing' | 'clock'>,
  workspaceId: string,
  invoiceId: string,
): Promise<InvoiceAttachment | null> {
  const invoice = await findIssuedInvoice(deps.db, deps.baseUrl, workspaceId, invoiceId);
  if (!invoice) return null;
  const workspaceName = (await findEmailWorkspaceName(deps.db, workspaceId)) ?? '';
  const content = await invoicePdfOf(deps, { invoice, seller: deps.invoicing.seller, workspaceName });
  const number = invoice.number ?? invoice.id;
  return { filename: `${number.replace(/[^A-Za-z0-9-]/g, '_')}.pdf`, content, contentType: 'application/pdf' };
}
