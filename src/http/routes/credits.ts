// Credits: the balance and grants, the ledger, buying credits, auto top-up, and debits by the operator's product.
import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import { buyRequestedTopUp, updateAutoTopUp } from '../../billing/credits/auto-top-up.ts';
import { consumeCreditBatch, maxDebitsPerBatch } from '../../billing/credits/consume-credit-batch.ts';
import { consumeCredits } from '../../billing/credits/consume-credits.ts';
import { exportCreditLedger } from '../../billing/credits/export-credit-ledger.ts';
import { listCreditTransactions } from '../../billing/credits/list-credit-transactions.ts';
import { purchaseCredits } from '../../billing/credits/purchase-credits.ts';
import { quoteCredits } from '../../billing/credits/quote-credits.ts';
import { getInvoice } from '../../billing/invoices/get-invoice.ts';
import { getCredits } from '../../billing/summary/credits-page.ts';
import { BillingError } from '../../domain/errors.ts';
import { requireActor } from '../caller.ts';
import { sendCsvDownload } from '../csv-download.ts';
import { requestRefOf } from '../idempotency.ts';
import { commonErrors, errorResponse, idempotencyHeaders, listQuery, pageOf, workspaceParams } from '../schemas.ts';
import { validatorCompiler } from '../validator.ts';
import { invoiceSchema } from './invoices.ts';
import { creditPackSchema, customCreditsSchema } from './plans.ts';
import type { RouteModule } from './route-module.ts';

const credits = z.number().int().min(1).max(1_000_000_000);

const autoTopUp = z.object({
  enabled: z.boolean(),
  packId: z.string().min(1).max(50).nullable().describe('The credit pack to buy'),
  threshold: z.number().int().min(1).max(1_000_000_000).nullable().describe('Buy when the balance falls below'),
});

const creditsSchema = z.object({
  balance: z.number().int(),
  periodTotal: z.number().int().describe('Credits used this period plus the balance'),
  periodUsed: z.number().int(),
  periodStart: z.date().nullable(),
  renewsAt: z.date().nullable().describe('When Pro grants the next period’s credits'),
  grants: z.array(
    z.object({
      id: z.string(),
      source: z.enum(['plan_period', 'purchase', 'promo', 'adjustment']),
      credits: z.number().int(),
      remaining: z.number().int(),
      expiresAt: z.date().nullable(),
      grantedAt: z.date(),
      description: z.string(),
    }),
  ),
  usage: z.array(z.object({ date: z.string(), credits: z.number().int() })).describe('The last 30 UTC days'),
  autoTopUp,
  purchase: z
    .object({ packs: z.array(creditPackSchema), custom: customCreditsSchema })
    .nullable()
    .describe('What the plan sells; null when it sells no credits'),
});

export const transaction = z.object({
  id: z.string(),
  type: z.enum(['grant', 'debit', 'expiry', 'adjustment']),
  credits: z.number().int().describe('Signed: grants add, debits and expiries take away'),
  balanceAfter: z.number().int(),
  description: z.string(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  actor: z.object({ type: z.enum(['user', 'api_key', 'system']), id: z.string().nullable() }),
  grantId: z.string().nullable(),
  createdAt: z.date(),
});

const metadata = z
  .record(z.string().max(100), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
  .refine((m) => Object.keys(m).length <= 20, { message: 'must have at most 20 keys' });

export const creditRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v1/workspaces/:ws/credits',
    {
      schema: {
        tags: ['Credits'],
        summary: 'Balance, period usage, open grants with their expiry, usage per day, auto top-up, packs on sale',
        params: workspaceParams,
        response: { 200: creditsSchema, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      return getCredits(deps, access);
    },
  );

  app.get(
    '/v1/workspaces/:ws/credits/transactions',
    {
      schema: {
        tags: ['Credits'],
        summary:
          'The credit ledger, newest first: grants, debits, expiries and adjustments with the balance after each',
        params: workspaceParams,
        querystring: listQuery,
        response: { 200: pageOf(transaction), ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      return listCreditTransactions(deps, access, request.query);
    },
  );

  app.get(
    '/v1/workspaces/:ws/credits/transactions.csv',
    {
      schema: {
        tags: ['Credits'],
        summary:
          'The whole credit ledger as CSV, newest first: date, type, description, credits, balance after, and for ' +
          'purchases the invoice number and amount',
        params: workspaceParams,
        response: { 200: z.any().describe('text/csv'), ...commonErrors },
      },
    },
    async (request, reply) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      const file = { what: 'credits', workspaceSlug: access.workspace.slug, madeAt: deps.clock.now() };
      return sendCsvDownload(reply, file, exportCreditLedger(deps, access));
    },
  );

  app.post(
    '/v1/workspaces/:ws/credits/purchases',
    {
      config: { resumesByRequestRef: true },
      schema: {
        tags: ['Credits'],
        summary:
          'Buy a credit pack ({pack}) or an amount ({credits}) with the default card, charged now; the credits are ' +
          'added once the charge succeeds (402 when declined: nothing is added)',
        params: workspaceParams,
        headers: idempotencyHeaders,
        body: z
          .strictObject({ pack: z.string().min(1).max(50).optional(), credits: credits.optional() })
          .refine((b) => (b.pack === undefined) !== (b.credits === undefined), {
            message: 'Give either pack (a pack id) or credits (an amount), not both.',
            path: ['pack'],
          }),
        response: {
          200: z.object({
            purchase: z.object({
              id: z.string(),
              credits: z.number().int(),
              status: z.enum(['granted', 'requires_action']),
            }),
            invoice: invoiceSchema,
            credits: creditsSchema,
          }),
          402: errorResponse,
          503: errorResponse,
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      const { pack, credits } = request.body;
      const outcome = await purchaseCredits(
        deps,
        access,
        pack !== undefined ? { pack } : { credits: credits ?? 0 },
        requestRefOf(request),
      );
      return {
        purchase: {
          id: outcome.purchaseId,
          credits: outcome.credits,
          status: outcome.payment.status === 'requires_action' ? ('requires_action' as const) : ('granted' as const),
        },
        invoice: await getInvoice(deps, access, outcome.invoiceId),
        credits: await getCredits(deps, access),
      };
    },
  );

  app.get(
    '/v1/workspaces/:ws/credits/quote',
    {
      schema: {
        tags: ['Credits'],
        summary:
          'What buying a pack ({pack}) or an amount ({credits}) would charge now: priced as the purchase prices it, ' +
          'taxed for the billing country as its invoice will be. Changes nothing.',
        params: workspaceParams,
        querystring: z
          .strictObject({
            pack: z.string().min(1).max(50).optional(),
            credits: z.coerce.number().pipe(credits).optional(),
          })
          .refine((q) => (q.pack === undefined) !== (q.credits === undefined), {
            message: 'Give either pack (a pack id) or credits (an amount), not both.',
            path: ['pack'],
          }),
        response: {
          200: z.object({
            credits: z.number().int(),
            packId: z.string().nullable(),
            currency: z.string(),
            subtotal: z.number().int().describe('Minor units'),
            tax: z.number().int(),
            taxPercent: z.string().nullable(),
            taxCountry: z.string().nullable(),
            total: z.number().int(),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      const { pack, credits } = request.query;
      return quoteCredits(deps, access, pack !== undefined ? { pack } : { credits: credits ?? 0 });
    },
  );

  app.put(
    '/v1/workspaces/:ws/credits/auto-top-up',
    {
      schema: {
        tags: ['Credits'],
        summary:
          'Buy a pack with the default card whenever a debit takes the balance below a threshold (once per fall)',
        params: workspaceParams,
        headers: idempotencyHeaders,
        body: z.strictObject(autoTopUp.shape),
        response: { 200: autoTopUp, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      return updateAutoTopUp(deps, access, request.body);
    },
  );

  app.post(
    '/v1/workspaces/:ws/credits/consume',
    {
      // The ledger keeps each debit's key: running it again answers the first debit.
      config: { resumesByRequestRef: true },
      // One debit or a batch: each is validated as the form it is, so an error names that form's field.
      // (Fastify hands a route's compiler each part's own schema; its type names the route's whole schema.)
      validatorCompiler: (route) => consumeBodyValidator({ ...route, schema: route.schema as unknown as z.ZodType }),
      schema: {
        tags: ['Credits'],
        summary:
          'Debit credits (workspace API key). One debit {amount, description, metadata?}: Idempotency-Key is ' +
          'required, a retry with it returns the first result and debits nothing more, 402 insufficient_credits ' +
          'with the balance when there are too few. Or a batch {debits: [{amount, description?, metadata?, ' +
          'idempotencyKey}, …]} of 1 to 100, each keyed on its own and answered on its own in input order ' +
          '(debited, replayed, insufficient_credits, idempotency_key_reused), in one transaction; the ' +
          'Idempotency-Key header is optional for a batch and, when sent, replays the whole first answer.',
        params: workspaceParams,
        headers: z.object({
          'idempotency-key': z
            .string()
            .min(1)
            .max(255)
            .optional()
            .describe('Required for one debit: makes a retry safe. Optional for a batch, whose debits carry keys'),
        }),
        body: z.union([singleDebit, debitBatch]),
        response: {
          200: z.union([
            z.object({
              id: z.string().describe('The ledger entry of the debit'),
              amount: z.number().int(),
              balance: z.number().int().describe('The balance right after this debit'),
              createdAt: z.date(),
            }),
            debitBatchAnswer,
          ]),
          402: errorResponse,
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'credits:consume');
      const body = request.body;
      if ('debits' in body) {
        const batch = await consumeCreditBatch(
          deps,
          access,
          body.debits.map((d) => ({
            amount: d.amount,
            description: d.description ?? batchDebitDescription,
            metadata: d.metadata ?? null,
            idempotencyKey: d.idempotencyKey,
          })),
        );
        startTopUp(request, batch.topUpPurchaseId);
        return { debits: batch.debits, balance: batch.balance };
      }
      const idempotencyKey = request.headers['idempotency-key'];
      if (!idempotencyKey) {
        throw new BillingError('invalid_request', 'Send an Idempotency-Key header with every debit.', {
          param: 'Idempotency-Key',
        });
      }
      const consumed = await consumeCredits(deps, access, {
        amount: body.amount,
        description: body.description,
        metadata: body.metadata ?? null,
        idempotencyKey,
      });
      startTopUp(request, consumed.topUpPurchaseId);
      return { id: consumed.id, amount: consumed.amount, balance: consumed.balance, createdAt: consumed.createdAt };
    },
  );

  /** Bought after the answer; if this process stops first, the jobs buy it. */
  function startTopUp(request: FastifyRequest, purchaseId: string | null): void {
    if (!purchaseId) return;
    void buyRequestedTopUp(deps, purchaseId).catch((error) =>
      request.log.error({ err: error, purchaseId }, 'auto top-up did not complete; the jobs pick it up'),
    );
  }
};

const singleDebit = z.strictObject({
  amount: credits.describe('Credits to debit'),
  description: z.string().trim().min(1).max(500),
  metadata: metadata.optional(),
});

/** What the ledger says of a batch's debit sent without a description. */
const batchDebitDescription = 'Credits consumed';

const debitBatch = z.strictObject({
  debits: z
    .array(
      z.strictObject({
        amount: credits.describe('Credits to debit'),
        description: z.string().trim().min(1).max(500).optional().describe(`Default: "${batchDebitDescription}"`),
        metadata: metadata.optional(),
        idempotencyKey: z
          .string()
          .min(1)
          .max(255)
          .describe('Makes a retry of this debit safe: a key already in the ledger answers its first debit'),
      }),
    )
    .min(1)
    .max(maxDebitsPerBatch)
    .describe(`1 to ${maxDebitsPerBatch} debits, decided in this order; each key may appear once`),
});

const debitBatchAnswer = z.object({
  debits: z
    .array(
      z.discriminatedUnion('status', [
        z.object({
          status: z.enum(['debited', 'replayed']).describe('replayed: the key debited before; nothing more is'),
          idempotencyKey: z.string(),
          id: z.string().describe('The ledger entry of the debit'),
          amount: z.number().int(),
          balance: z.number().int().describe('The balance right after this debit'),
          createdAt: z.date(),
        }),
        z.object({
          status: z.literal('insufficient_credits').describe('Too few credits: nothing was debited'),
          idempotencyKey: z.string(),
          amount: z.number().int(),
          balance: z.number().int().describe('The credits available when this debit came up'),
          message: z.string(),
        }),
        z.object({
          status: z.literal('idempotency_key_reused').describe('The key debited a different request before'),
          idempotencyKey: z.string(),
          message: z.string(),
        }),
      ]),
    )
    .describe('One answer per debit, in the order sent'),
  balance: z.number().int().describe('The balance once the batch is through'),
});

/** Validates a consume body as a batch when it has `debits`, else as one debit. */
const consumeBodyValidator: FastifySchemaCompiler<z.ZodType> = (route) => {
  if (route.httpPart !== 'body') return validatorCompiler(route);
  const one = validatorCompiler({ ...route, schema: singleDebit });
  const batch = validatorCompiler({ ...route, schema: debitBatch });
  return (data) => (typeof data === 'object' && data !== null && 'debits' in data ? batch(data) : one(data));
};
