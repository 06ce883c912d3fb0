// The hosted invoice page: anyone holding the unguessable link sees the invoice and can download its PDF,
// without signing in (the link is what a billing email would carry); an open invoice can be paid there with a
// card, tokenized at the gateway by the page's script (served here, so the page's CSP stays script-src 'self').
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { BillingDeps } from '../../billing/deps.ts';
import { renderInvoicePage } from '../../billing/invoices/documents/invoice-page.ts';
import { downloadHostedInvoicePdf } from '../../billing/invoices/download-invoice-pdf.ts';
import { findHostedInvoice } from '../../billing/invoices/get-invoice.ts';
import { payHostedInvoice } from '../../billing/payments/pay-hosted-invoice.ts';
import { BillingError } from '../../domain/errors.ts';
import { invoiceStatuses } from '../../domain/invoices/invoice-status.ts';
import { requestRefOf } from '../idempotency.ts';
import { commonErrors, errorResponse, idempotencyHeaders } from '../schemas.ts';
import { sendInvoicePdf } from './invoices.ts';
import type { ZodApp } from './route-module.ts';

const hostedParams = z.object({ token: z.string().min(1).max(100) });
const notFound = () => new BillingError('not_found', 'This invoice link is not valid.');
const payScriptPath = '/invoices/pay.js';
const payScript = readFileSync(
  new URL('../../billing/invoices/documents/hosted-invoice-pay.js', import.meta.url),
  'utf8',
);

/** What paying from the hosted page answers: the invoice's state and its latest payment attempt. */
const hostedPaymentSchema = z.object({
  number: z.string().nullable(),
  status: z.enum(invoiceStatuses),
  total: z.number().int(),
  currency: z.string(),
  paymentMethod: z.object({ brand: z.string(), last4: z.string() }).nullable(),
  payment: z
    .object({
      status: z.enum(['pending', 'requires_action', 'succeeded', 'failed']),
      failureMessage: z.string().nullable(),
      nextActionUrl: z.string().nullable().describe('Where the cardholder confirms a payment (3-D Secure)'),
    })
    .nullable(),
});

export function registerHostedInvoiceRoutes(app: ZodApp, deps: BillingDeps): void {
  app.get('/invoices/:token', { schema: { hide: true, params: hostedParams } }, async (request, reply) => {
    const document = await findHostedInvoice(deps, request.params.token);
    if (!document) throw notFound();
    const link = `/invoices/${encodeURIComponent(request.params.token)}`;
    // The link is the key: keep it out of other sites' Referer headers and out of shared caches.
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'private, no-store');
    return reply.type('text/html; charset=utf-8').send(
      renderInvoicePage(document, {
        pdfHref: `${link}/pdf`,
        pay: { href: `${link}/pay`, scriptSrc: payScriptPath, testMode: deps.gateway.name === 'sandbox' },
      }),
    );
  });

  app.get(payScriptPath, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(payScript),
  );

  app.get('/invoices/:token/pdf', { schema: { hide: true, params: hostedParams } }, async (request, reply) => {
    const download = await downloadHostedInvoicePdf(deps, request.params.token);
    if (!download) throw notFound();
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'private, no-store');
    return sendInvoicePdf(reply, download.number, download.pdf);
  });

  app.post(
    '/invoices/:token/pay',
    {
      // No caller: the link is the key, so an Idempotency-Key lives in the scope of the link it was sent to.
      config: { resumesByRequestRef: true, keyScopeWithoutCaller: (request) => linkScopeOf(request.params) },
      schema: {
        tags: ['Invoices'],
        summary:
          'Pay an open invoice from its hosted page (no sign-in: the link is the key) with a card token from the ' +
          "gateway's tokenization endpoint; the card is not saved on the workspace. 402 when declined (nothing is " +
          'charged), 409 when the invoice is not open. A card that needs authentication answers payment.status ' +
          'requires_action: confirm at payment.nextActionUrl, then call this again (a payment waiting for the ' +
          'cardholder is finished without using the token again). Declined cards from one link or address are ' +
          'throttled (429).',
        security: [],
        params: hostedParams,
        headers: idempotencyHeaders,
        body: z.strictObject({
          paymentMethodToken: z.string().min(1).max(100).describe('tok_… from POST /sandbox/v1/tokens'),
        }),
        response: {
          200: hostedPaymentSchema,
          402: errorResponse,
          429: errorResponse,
          503: errorResponse,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
      const result = await payHostedInvoice(deps, {
        hostedToken: request.params.token,
        paymentMethodToken: request.body.paymentMethodToken,
        clientAddress: request.ip,
        requestRef: requestRefOf(request),
      });
      if (result.status === 'failed') throw new BillingError('payment_failed', result.message);
      const document = await findHostedInvoice(deps, request.params.token);
      if (!document) throw notFound();
      const { number, status, total, currency, paymentMethod, payment } = document.invoice;
      return { number, status, total, currency, paymentMethod, payment };
    },
  );
}

/** The link's scope for Idempotency-Keys: a digest, so the idempotency records never hold the link itself. */
function linkScopeOf(params: unknown): string {
  const token = (params as { token?: unknown } | undefined)?.token;
  return `invoice/${createHash('sha256')
    .update(typeof token === 'string' ? token : '')
    .digest('hex')}`;
}
