// The hosted invoice page: anyone holding the unguessable link sees the invoice and can download its PDF,
// without signing in (the link is what a billing email would carry).
import { z } from 'zod';
import type { BillingDeps } from '../../billing/deps.ts';
import { renderInvoicePage } from '../../billing/invoices/documents/invoice-page.ts';
import { renderInvoicePdf } from '../../billing/invoices/documents/invoice-pdf.ts';
import { findHostedInvoice } from '../../billing/invoices/get-invoice.ts';
import { BillingError } from '../../domain/errors.ts';
import { sendInvoicePdf } from './invoices.ts';
import type { ZodApp } from './route-module.ts';

const hostedParams = z.object({ token: z.string().min(1).max(100) });
const notFound = () => new BillingError('not_found', 'This invoice link is not valid.');

export function registerHostedInvoiceRoutes(app: ZodApp, deps: BillingDeps): void {
  app.get('/invoices/:token', { schema: { hide: true, params: hostedParams } }, async (request, reply) => {
    const document = await findHostedInvoice(deps, request.params.token);
    if (!document) throw notFound();
    const pdfHref = `/invoices/${encodeURIComponent(request.params.token)}/pdf`;
    // The link is the key: keep it out of other sites' Referer headers and out of shared caches.
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'private, no-store');
    return reply.type('text/html; charset=utf-8').send(renderInvoicePage(document, { pdfHref }));
  });

  app.get('/invoices/:token/pdf', { schema: { hide: true, params: hostedParams } }, async (request, reply) => {
    const document = await findHostedInvoice(deps, request.params.token);
    if (!document) throw notFound();
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'private, no-store');
    return sendInvoicePdf(reply, document.invoice.number, await renderInvoicePdf(document));
  });
}
