// An issued invoice's PDF, rendered once and stored: a download of content already rendered answers with the
// stored bytes, so an invoice prints identically every time; a change to what it prints (paid, voided, a failed
// payment attempt named on an open invoice) renders it again (docs/decisions/019-stored-invoice-pdfs.md).
import { createHash } from 'node:crypto';
import { toDate } from '../../domain/clock.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { renderInvoicePdf } from './documents/invoice-pdf.ts';
import { findHostedInvoice, getInvoiceDocument } from './get-invoice.ts';
import { findStoredInvoicePdf, storeInvoicePdf } from './invoice-pdfs.queries.ts';
import type { InvoiceDocument } from './invoice-view.ts';

export interface InvoicePdfDownload {
  number: string | null;
  pdf: Buffer;
}

/** The PDF of the workspace's issued invoice (404 for a draft or another workspace's invoice). */
export async function downloadInvoicePdf(
  deps: BillingDeps,
  access: WorkspaceAccess,
  invoiceId: string,
): Promise<InvoicePdfDownload> {
  const document = await getInvoiceDocument(deps, access, invoiceId);
  return { number: document.invoice.number, pdf: await invoicePdfOf(deps, document) };
}

/** The PDF behind a hosted invoice page's token, or null. */
export async function downloadHostedInvoicePdf(
  deps: BillingDeps,
  hostedToken: string,
): Promise<InvoicePdfDownload | null> {
  const document = await findHostedInvoice(deps, hostedToken);
  if (!document) return null;
  return { number: document.invoice.number, pdf: await invoicePdfOf(deps, document) };
}

/** The stored PDF of the document if it prints the same content, else a new render, stored. */
export async function invoicePdfOf(
  deps: Pick<BillingDeps, 'db' | 'clock'>,
  document: InvoiceDocument,
): Promise<Buffer> {
  const printedDigest = printedDigestOf(document);
  const stored = await findStoredInvoicePdf(deps.db, document.invoice.id, printedDigest);
  if (stored) return stored;
  const pdf = await renderInvoicePdf(document);
  return storeInvoicePdf(deps.db, {
    invoiceId: document.invoice.id,
    printedDigest,
    pdf,
    renderedAt: toDate(deps.clock.now()),
  });
}

/** SHA-256 of everything the PDF prints: the invoice as viewed (less its links, which it does not print), the
 * seller and the workspace's name. */
function printedDigestOf(document: InvoiceDocument): string {
  const { hostedUrl: _hostedUrl, pdfUrl: _pdfUrl, ...printed } = document.invoice;
  return createHash('sha256')
    .update(JSON.stringify({ invoice: printed, seller: document.seller, workspaceName: document.workspaceName }))
    .digest('hex');
}
