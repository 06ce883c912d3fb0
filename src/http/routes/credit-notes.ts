// Refunds and credit notes: refunding a paid invoice (to its card or to the customer balance) issues a credit note;
// the workspace's credit notes (of one invoice, if named), one credit note, its PDF, and its hosted page (the
// unguessable link is the key, like the hosted invoice page's).
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import { renderCreditNotePage } from '../../billing/credit-notes/documents/credit-note-page.ts';
import { renderCreditNotePdf } from '../../billing/credit-notes/documents/credit-note-pdf.ts';
import {
  findHostedCreditNote,
  getCreditNote,
  getCreditNoteDocument,
  listCreditNotes,
} from '../../billing/credit-notes/get-credit-note.ts';
import { refundInvoice } from '../../billing/credit-notes/refund-invoice.ts';
import type { BillingDeps } from '../../billing/deps.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { BillingError } from '../../domain/errors.ts';
import { requireActor } from '../caller.ts';
import { requestRefOf } from '../idempotency.ts';
import { commonErrors, errorResponse, idempotencyHeaders, listQuery, pageOf, workspaceParams } from '../schemas.ts';
import type { RouteModule, ZodApp } from './route-module.ts';

export const creditNoteReasons = ['duplicate', 'fraudulent', 'requested_by_customer', 'other'] as const;

export const creditNoteSchema = z.object({
  id: z.string(),
  number: z.string().describe('Gap-less in its own sequence: CN-000001'),
  invoiceId: z.string(),
  invoiceNumber: z.string(),
  currency: z.string(),
  subtotal: z.number().int(),
  tax: z.number().int(),
  total: z.number().int().describe('Minor units credited'),
  reason: z.enum(creditNoteReasons),
  memo: z.string().nullable(),
  creditedTo: z.enum(['card', 'balance']).describe('Refunded to the card that paid, or credited to the balance'),
  lines: z.array(
    z.object({
      description: z.string(),
      quantity: z.number().int(),
      unitAmount: z.number().int(),
      amount: z.number().int(),
    }),
  ),
  issuedAt: z.date(),
  hostedUrl: z.string().describe('The public hosted credit note page (unguessable URL)'),
  pdfUrl: z.string(),
});

const invoiceParams = workspaceParams.extend({ inv: z.string().min(1).max(100) });
const creditNoteParams = workspaceParams.extend({ cn: z.string().min(1).max(100) });

export const creditNoteRoutes: RouteModule = (app, deps) => {
  app.post(
    '/v1/workspaces/:ws/invoices/:inv/refunds',
    {
      config: { resumesByRequestRef: true },
      schema: {
        tags: ['Credit notes'],
        summary:
          'Refund all or part of a paid invoice and issue a credit note: to the card that paid it (through the card ' +
          'processor, once however often retried) or to the customer balance. 409 refund_exceeds_refundable names ' +
          'the amount left; 503 when the processor does not answer (the refund completes on its own).',
        params: invoiceParams,
        headers: idempotencyHeaders,
        body: z.strictObject({
          amount: z
            .number()
            .int()
            .min(1)
            .max(1_000_000_000_000)
            .optional()
            .describe('Minor units; the whole amount left to refund when absent'),
          reason: z.enum(creditNoteReasons),
          memo: z.string().trim().max(500).optional().describe('Printed on the credit note'),
          to: z.enum(['card', 'balance']).default('card'),
        }),
        response: { 201: creditNoteSchema, 503: errorResponse, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const access = await authorize(deps, actor, request.params.ws, 'billing:manage');
      const { memo, ...rest } = request.body;
      const creditNote = await refundInvoice(
        deps,
        access.workspace.id,
        request.params.inv,
        { ...rest, memo: memo || undefined },
        auditActorOf(actor),
        requestRefOf(request),
      );
      return reply.status(201).send(creditNote);
    },
  );

  app.get(
    '/v1/workspaces/:ws/credit-notes',
    {
      schema: {
        tags: ['Credit notes'],
        summary: 'Credit notes, newest first (of one invoice with ?invoice=inv_…)',
        params: workspaceParams,
        querystring: listQuery.extend({ invoice: z.string().min(1).max(100).optional() }),
        response: { 200: pageOf(creditNoteSchema), ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      return listCreditNotes(deps, access, request.query);
    },
  );

  app.get(
    '/v1/workspaces/:ws/credit-notes/:cn',
    {
      schema: {
        tags: ['Credit notes'],
        summary: 'One credit note',
        params: creditNoteParams,
        response: { 200: creditNoteSchema, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      return getCreditNote(deps, access, request.params.cn);
    },
  );

  app.get(
    '/v1/workspaces/:ws/credit-notes/:cn/pdf',
    {
      schema: {
        tags: ['Credit notes'],
        summary: 'The credit note as a PDF (attachment)',
        params: creditNoteParams,
        response: { 200: z.any().describe('application/pdf'), ...commonErrors },
      },
    },
    async (request, reply) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      const document = await getCreditNoteDocument(deps, access, request.params.cn);
      return sendCreditNotePdf(reply, document.creditNote.number, await renderCreditNotePdf(document));
    },
  );
};

const hostedParams = z.object({ token: z.string().min(1).max(100) });
const notFound = () => new BillingError('not_found', 'This credit note link is not valid.');

/** The hosted credit note page and its PDF: no sign-in, the link is the key. */
export function registerHostedCreditNoteRoutes(app: ZodApp, deps: BillingDeps): void {
  app.get('/credit-notes/:token', { schema: { hide: true, params: hostedParams } }, async (request, reply) => {
    const document = await findHostedCreditNote(deps, request.params.token);
    if (!document) throw notFound();
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'private, no-store');
    const pdfHref = `/credit-notes/${encodeURIComponent(request.params.token)}/pdf`;
    return reply.type('text/html; charset=utf-8').send(renderCreditNotePage(document, { pdfHref }));
  });

  app.get('/credit-notes/:token/pdf', { schema: { hide: true, params: hostedParams } }, async (request, reply) => {
    const document = await findHostedCreditNote(deps, request.params.token);
    if (!document) throw notFound();
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'private, no-store');
    return sendCreditNotePdf(reply, document.creditNote.number, await renderCreditNotePdf(document));
  });
}

function sendCreditNotePdf(
  reply: { header(name: string, value: string): unknown; send(payload: Buffer): unknown },
  number: string,
  pdf: Buffer,
) {
  reply.header('content-type', 'application/pdf');
  reply.header('content-disposition', `attachment; filename="${number}.pdf"`);
  return reply.send(pdf);
}
