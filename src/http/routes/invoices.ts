// Invoices: the issued ones newest first (also as CSV), one invoice, its PDF, issuing a one-off invoice, and paying
// an open one with the default card.
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import { downloadInvoicePdf } from '../../billing/invoices/download-invoice-pdf.ts';
import { exportInvoices } from '../../billing/invoices/export-invoices.ts';
import { getInvoice } from '../../billing/invoices/get-invoice.ts';
import { listInvoices } from '../../billing/invoices/list-invoices.ts';
import { issueOneOffInvoice } from '../../billing/payments/issue-one-off-invoice.ts';
import { payInvoice } from '../../billing/payments/pay-invoice.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { BillingError } from '../../domain/errors.ts';
import { invoiceStatuses } from '../../domain/invoices/invoice-status.ts';
import { requireActor } from '../caller.ts';
import { sendCsvDownload } from '../csv-download.ts';
import { requestRefOf } from '../idempotency.ts';
import { commonErrors, errorResponse, idempotencyHeaders, listQuery, pageOf, workspaceParams } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

const buyer = z.object({
  legalName: z.string(),
  email: z.string(),
  addressLine1: z.string(),
  addressLine2: z.string().nullable(),
  city: z.string(),
  postalCode: z.string(),
  region: z.string().nullable(),
  country: z.string(),
  taxId: z.string().nullable(),
});

export const invoiceSchema = z.object({
  id: z.string(),
  number: z.string().nullable(),
  status: z.enum(invoiceStatuses),
  currency: z.string(),
  subtotal: z.number().int(),
  tax: z.number().int(),
  total: z.number().int(),
  taxRate: z.object({ country: z.string(), percent: z.string() }).nullable(),
  issuedAt: z.date().nullable(),
  paidAt: z.date().nullable(),
  periodStart: z.date().nullable(),
  periodEnd: z.date().nullable(),
  lines: z.array(
    z.object({
      description: z.string(),
      quantity: z.number().int(),
      unitAmount: z.number().int(),
      amount: z.number().int(),
      periodStart: z.date().nullable(),
      periodEnd: z.date().nullable(),
      proration: z.boolean(),
    }),
  ),
  paymentMethod: z.object({ brand: z.string(), last4: z.string() }).nullable(),
  billingDetails: buyer.nullable().describe('The buyer as printed when the invoice was finalized'),
  payment: z
    .object({
      status: z.enum(['pending', 'requires_action', 'succeeded', 'failed']),
      failureMessage: z.string().nullable(),
      nextActionUrl: z
        .string()
        .nullable()
        .describe('Where the cardholder confirms a payment that needs authentication'),
    })
    .nullable()
    .describe('The latest payment attempt'),
  voidReason: z
    .string()
    .nullable()
    .describe(
      'Why a void invoice is void, in words for the payer ("Payment declined — nothing was charged"); null otherwise',
    ),
  appliedBalance: z.number().int().describe('What the customer balance paid of it when it was finalized'),
  amountDue: z.number().int().describe('The total less the applied balance: what the card is charged'),
  amountCredited: z.number().int().describe('What its credit notes took back, to the card or the balance'),
  creditNotes: z
    .array(
      z.object({
        id: z.string(),
        number: z.string(),
        total: z.number().int(),
        creditedTo: z.enum(['card', 'balance']),
        issuedAt: z.date(),
        hostedUrl: z.string(),
        pdfUrl: z.string(),
      }),
    )
    .describe('Its credit notes, oldest first'),
  hostedUrl: z.string().describe('The public hosted invoice page (unguessable URL)'),
  pdfUrl: z.string(),
});
const invoiceParams = workspaceParams.extend({ inv: z.string().min(1).max(100) });

export const invoiceRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v1/workspaces/:ws/invoices',
    {
      schema: {
        tags: ['Invoices'],
        summary: 'Issued invoices, newest first',
        params: workspaceParams,
        querystring: listQuery,
        response: { 200: pageOf(invoiceSchema), ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      return listInvoices(deps, access, request.query);
    },
  );

  app.get(
    '/v1/workspaces/:ws/invoices.csv',
    {
      schema: {
        tags: ['Invoices'],
        summary:
          'Every issued invoice as CSV, newest first: number, issue date, status, currency, subtotal, tax, total, ' +
          'amount paid and amount due in major units (49.00), then a Total row per currency (void invoices excluded)',
        params: workspaceParams,
        response: { 200: z.any().describe('text/csv'), ...commonErrors },
      },
    },
    async (request, reply) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      const file = { what: 'invoices', workspaceSlug: access.workspace.slug, madeAt: deps.clock.now() };
      return sendCsvDownload(reply, file, exportInvoices(deps, access));
    },
  );

  app.post(
    '/v1/workspaces/:ws/invoices',
    {
      config: { resumesByRequestRef: true },
      schema: {
        tags: ['Invoices'],
        summary: 'Issue a one-off invoice (finalized and open; pay it from the page or with …/pay)',
        params: workspaceParams,
        headers: idempotencyHeaders,
        body: z.strictObject({
          currency: z
            .string()
            .regex(/^[A-Za-z]{3}$/, 'must be a three-letter ISO 4217 code such as usd')
            .transform((code) => code.toLowerCase())
            .default('usd'),
          lines: z
            .array(
              z.strictObject({
                description: z.string().trim().min(1).max(200),
                quantity: z.number().int().min(1).max(1_000_000),
                unitAmount: z.number().int().min(0).max(100_000_000).describe('Minor units, e.g. 1250 for $12.50'),
              }),
            )
            .min(1)
            .max(100),
        }),
        response: { 201: invoiceSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      const invoiceId = await issueOneOffInvoice(deps, access, request.body, requestRefOf(request));
      return reply.status(201).send(await getInvoice(deps, access, invoiceId));
    },
  );

  app.get(
    '/v1/workspaces/:ws/invoices/:inv',
    {
      schema: {
        tags: ['Invoices'],
        summary: 'One invoice',
        params: invoiceParams,
        response: { 200: invoiceSchema, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      return getInvoice(deps, access, request.params.inv);
    },
  );

  app.get(
    '/v1/workspaces/:ws/invoices/:inv/pdf',
    {
      schema: {
        tags: ['Invoices'],
        summary: 'The invoice as a PDF (attachment)',
        params: invoiceParams,
        response: { 200: z.any().describe('application/pdf'), ...commonErrors },
      },
    },
    async (request, reply) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      const { number, pdf } = await downloadInvoicePdf(deps, access, request.params.inv);
      return sendInvoicePdf(reply, number, pdf);
    },
  );

  app.post(
    '/v1/workspaces/:ws/invoices/:inv/pay',
    {
      config: { resumesByRequestRef: true },
      schema: {
        tags: ['Invoices'],
        summary:
          'Pay an open invoice with the default card now; 402 when declined. A card that needs authentication answers ' +
          'with payment.status requires_action: confirm at payment.nextActionUrl, then call this again.',
        params: invoiceParams,
        headers: idempotencyHeaders,
        response: { 200: invoiceSchema, 402: errorResponse, 503: errorResponse, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const access = await authorize(deps, actor, request.params.ws, 'billing:manage');
      const result = await payInvoice(
        deps,
        access.workspace.id,
        request.params.inv,
        auditActorOf(actor),
        requestRefOf(request),
      );
      if (result.status === 'failed') throw new BillingError('payment_failed', result.message);
      return getInvoice(deps, access, request.params.inv);
    },
  );
};

/** Sends PDF bytes as a download named after the invoice number. */
export function sendInvoicePdf(
  reply: { header(name: string, value: string): unknown; send(payload: Buffer): unknown },
  number: string | null,
  pdf: Buffer,
) {
  reply.header('content-type', 'application/pdf');
  reply.header('content-disposition', `attachment; filename="${number ?? 'invoice'}.pdf"`);
  return reply.send(pdf);
}
