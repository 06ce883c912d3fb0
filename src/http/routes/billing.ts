// GET /v1/workspaces/:ws/billing: everything the Plan & Billing page shows, in one call.
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import { getBillingSummary } from '../../billing/summary/billing-summary.ts';
import { requireActor } from '../caller.ts';
import { commonErrors, workspaceParams } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';
import { subscriptionSchema } from './subscription.ts';

/** A subscription's discount (docs/decisions/021). */
export const discountSchema = z.object({
  couponId: z.string(),
  name: z.string(),
  description: z.string().describe('As its invoice line reads: "20% off for 3 months (SPRING20)"'),
  percentOff: z.number().int().nullable(),
  amountOff: z.number().int().nullable().describe('Minor units of `currency`'),
  currency: z.string().nullable(),
  duration: z.enum(['once', 'repeating', 'forever']),
  durationInMonths: z.number().int().nullable(),
  startedAt: z.date(),
  endsAt: z.date().nullable().describe('Periods starting at or after it are not discounted; null: forever'),
  promotionCode: z.string().nullable(),
});

const billingSummary = z.object({
  workspace: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  plan: z.object({
    id: z.string(),
    name: z.string(),
    tier: z.object({ id: z.string(), name: z.string() }).nullable(),
    interval: z.enum(['month', 'year']).nullable(),
  }),
  subscription: subscriptionSchema.nullable(),
  seats: z.object({ activeUsers: z.number().int(), pendingInvites: z.number().int(), maxUsers: z.number().int() }),
  nextCharge: z
    .object({ amount: z.number().int(), currency: z.string(), date: z.date() })
    .nullable()
    .describe('What the renewal will charge (tax included) and when'),
  credits: z
    .object({
      balance: z.number().int(),
      periodTotal: z.number().int(),
      periodUsed: z.number().int(),
      renewsAt: z.date().nullable(),
    })
    .nullable()
    .describe('Null on a plan without credits that never had any'),
  paymentMethod: z
    .object({
      id: z.string(),
      brand: z.string(),
      last4: z.string(),
      expMonth: z.number().int(),
      expYear: z.number().int(),
    })
    .nullable()
    .describe('The default card'),
  discount: discountSchema.nullable().describe('The discount the subscription carries while it lasts'),
  permissions: z.object({ view: z.boolean(), manage: z.boolean() }),
  testClock: z
    .object({ id: z.string(), frozenTime: z.date() })
    .nullable()
    .describe('Test mode: the clock this workspace reads'),
});

export const billingRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v1/workspaces/:ws/billing',
    {
      schema: {
        tags: ['Billing'],
        summary: 'The billing summary the Plan & Billing page renders',
        params: workspaceParams,
        response: { 200: billingSummary, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      return getBillingSummary(deps, access);
    },
  );
};
