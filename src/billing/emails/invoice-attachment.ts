// The invoice PDF an email carries, rendered when it is sent (and when the mailbox page offers it) with the
// invoice renderer the PDF download uses, so the attachment is the invoice as it stands.
import type { BillingDeps } from '../deps.ts';
import { renderInvoicePdf } from '../invoices/documents/invoice-pdf.ts';
import { findIssuedInvoice } from '../invoices/invoice-views.queries.ts';
import { findEmailWorkspaceName } from './email-recipients.queries.ts';

export interface InvoiceAttachment {
  /** "INV-000123.pdf", as the invoice's PDF download is named. */
  filename: string;
  content: Buffer;
  contentType: 'application/pdf';
}

export async function invoiceAttachment(
  deps: Pick<BillingDeps, 'db' | 'baseUrl' | 'invoicing'>,
  workspaceId: string,
  invoiceId: string,
): Promise<InvoiceAttachment | null> {
  const invoice = await findIssuedInvoice(deps.db, deps.baseUrl, workspaceId, invoiceId);
  if (!invoice) return null;
  const workspaceName = (await findEmailWorkspaceName(deps.db, workspaceId)) ?? '';
  const content = await renderInvoicePdf({ invoice, seller: deps.invoicing.seller, workspaceName });
  const number = invoice.number ?? invoice.id;
  return { filename: `${number.replace(/[^A-Za-z0-9-]/g, '_')}.pdf`, content, contentType: 'application/pdf' };
}
