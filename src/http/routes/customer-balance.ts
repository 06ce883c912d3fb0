// The customer balance: what it is now (negative: credit the workspace holds, taken off its next invoices before the
// card is charged) and its ledger, newest first.
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import { getCustomerBalance } from '../../billing/customer-balance/get-customer-balance.ts';
import { requireActor } from '../caller.ts';
import { commonErrors, listQuery, workspaceParams } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

export const balanceTransactionSchema = z.object({
  id: z.string(),
  type: z.enum(['credit_note', 'applied_to_invoice', 'invoice_credit', 'unapplied_from_invoice']),
  amount: z.number().int().describe('Signed minor units: negative credits the workspace, positive draws on it'),
  balanceAfter: z.number().int(),
  currency: z.string(),
  creditNoteId: z.string().nullable(),
  invoiceId: z.string().nullable(),
  description: z.string(),
  createdAt: z.date(),
});

export const customerBalanceRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v1/workspaces/:ws/balance',
    {
      schema: {
        tags: ['Customer balance'],
        summary:
          "The customer balance in Stripe's sign (negative: credit the workspace holds, applied to its next invoices " +
          'after tax and before the card is charged) and its ledger, newest first (keyset pages)',
        params: workspaceParams,
        querystring: listQuery,
        response: {
          200: z.object({
            balance: z.number().int(),
            currency: z.string(),
            data: z.array(balanceTransactionSchema),
            hasMore: z.boolean(),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      return getCustomerBalance(deps, access, request.query);
    },
  );
};
