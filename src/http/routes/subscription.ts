// The workspace's subscription: subscribe or change plan, preview a change, cancel, end now with a refund, resume,
// cancel a scheduled change, update seats.
import { z } from 'zod';
import type { WorkspaceAccess } from '../../billing/access/authorize.ts';
import { authorize } from '../../billing/access/authorize.ts';
import type { BillingDeps } from '../../billing/deps.ts';
import { getInvoice } from '../../billing/invoices/get-invoice.ts';
import {
  cancelScheduledChange,
  cancelSubscription,
  resumeSubscription,
} from '../../billing/subscriptions/cancel-subscription.ts';
import { changeSubscription } from '../../billing/subscriptions/change-subscription.ts';
import { currentSubscriptionView } from '../../billing/subscriptions/current-subscription.ts';
import { previewCancel, previewChange } from '../../billing/subscriptions/preview-change.ts';
import { previewTermination } from '../../billing/subscriptions/preview-termination.ts';
import { terminateSubscription } from '../../billing/subscriptions/terminate-subscription.ts';
import { updateSeats } from '../../billing/subscriptions/update-seats.ts';
import { maxSeatsPerSubscription } from '../../domain/seats/seat-limit.ts';
import { planTargetFor } from '../../domain/subscriptions/plan-target.ts';
import { requireActor } from '../caller.ts';
import { requestRefOf } from '../idempotency.ts';
import { commonErrors, errorResponse, idempotencyHeaders, workspaceParams } from '../schemas.ts';
import { creditNoteSchema } from './credit-notes.ts';
import { invoiceSchema } from './invoices.ts';
import type { RouteModule } from './route-module.ts';

const interval = z.enum(['month', 'year']);
const planRef = z.object({ id: z.string(), name: z.string() });
const seatRange = `Choose between 1 and ${maxSeatsPerSubscription.toLocaleString('en-US')} seats.`;
const seats = z.number().int(seatRange).min(1, seatRange).max(maxSeatsPerSubscription, seatRange);

const scheduledChange = z.object({
  plan: planRef,
  tier: planRef.nullable(),
  interval: interval.nullable().describe('Null for a move to a plan without a subscription (Flex)'),
  seats: z.number().int().nullable(),
  effectiveAt: z.date(),
});

export const subscriptionSchema = z.object({
  id: z.string(),
  status: z.enum(['incomplete', 'trialing', 'active', 'past_due', 'canceled']),
  plan: planRef,
  tier: planRef.nullable(),
  interval,
  seats: z.number().int().nullable().describe('Seats bought, on a per-seat price'),
  currency: z.string(),
  unitAmount: z.number().int().describe('The price it was bought at, per seat when perSeat'),
  perSeat: z.boolean(),
  currentPeriodStart: z.date(),
  currentPeriodEnd: z.date(),
  trialEnd: z
    .date()
    .nullable()
    .describe('When the free trial it started with ends (the first period is charged then); null without one'),
  cancelAtPeriodEnd: z.boolean(),
  activeUntil: z.date().nullable(),
  scheduledChange: scheduledChange
    .nullable()
    .describe('What the period end brings besides the renewal: a downgrade, a seat decrease, a move to Flex'),
  scheduledChangeOnResume: scheduledChange
    .nullable()
    .describe('While cancelAtPeriodEnd: the change scheduled before the cancel, which Resume brings back'),
  pastDue: z
    .object({
      invoiceId: z.string(),
      number: z.string().nullable(),
      amount: z.number().int(),
      currency: z.string(),
      reason: z
        .enum(['payment_failed', 'action_required', 'no_payment_method'])
        .describe('action_required: the bank asks the cardholder to confirm the payment at nextActionUrl'),
      failureMessage: z.string(),
      nextActionUrl: z.string().nullable().describe('Where the cardholder confirms the payment (3-D Secure)'),
      nextRetryAt: z.date().nullable(),
    })
    .nullable(),
});

const changeResult = z.object({
  subscription: subscriptionSchema.nullable(),
  invoice: invoiceSchema.nullable().describe('The invoice the change was charged on; null when nothing is due now'),
});

const planRequest = z.strictObject({
  plan: z.string().min(1).max(50),
  tier: z.string().min(1).max(50).optional(),
  interval: interval.optional().describe('Defaults to the current interval, else month'),
  seats: seats.optional().describe('Per-seat plans: max users (defaults to the seats in use)'),
  promotionCode: z
    .string()
    .min(1)
    .max(60)
    .optional()
    .describe(
      "A promotion code: its coupon's discount starts with the subscription (400 on this field when it cannot)",
    ),
});

const preview = z.object({
  effective: z.enum(['unchanged', 'now', 'period_end']),
  effectiveAt: z.date(),
  currency: z.string(),
  lines: z.array(
    z.object({
      description: z.string(),
      quantity: z.number().int(),
      unitAmount: z.number().int(),
      amount: z.number().int(),
      proration: z.boolean(),
    }),
  ),
  subtotal: z.number().int(),
  tax: z.number().int(),
  amountDue: z.number().int().describe('Charged to the default card when the change is confirmed'),
  nextCharge: z
    .object({ amount: z.number().int(), currency: z.string(), date: z.date() })
    .nullable()
    .describe('The first charge after the change; null when no invoice follows (the plan ends)'),
  trialEnd: z.date().nullable().describe('Set when the change starts a free trial: nothing is due before this day'),
  consequences: z.object({
    membersOverLimit: z
      .object({
        seatLimit: z.number().int(),
        seatsInUse: z.number().int(),
        activeUsers: z.number().int(),
        pendingInvites: z.number().int(),
      })
      .nullable()
      .describe('More people hold a seat than the plan after the change allows: they stay, but no invite can be sent'),
    creditsExpiring: z
      .object({ credits: z.number().int(), at: z.date() })
      .nullable()
      .describe('Credits that expire by the time the change takes effect'),
  }),
});

export const subscriptionRoutes: RouteModule = (app, deps) => {
  app.post(
    '/v1/workspaces/:ws/subscription',
    {
      config: { resumesByRequestRef: true },
      schema: {
        tags: ['Subscription'],
        summary:
          'Subscribe or change plan. Upgrades are prorated and charged now (402 when declined, nothing changes); ' +
          'downgrades are scheduled for the period end; plan "free" cancels at the period end.',
        params: workspaceParams,
        headers: idempotencyHeaders,
        body: planRequest,
        response: { 200: changeResult, 402: errorResponse, 503: errorResponse, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      const { invoiceId } = await changeSubscription(
        deps,
        access,
        request.body,
        requestRefOf(request),
        request.body.promotionCode ?? null,
      );
      return changeResultOf(deps, access, invoiceId);
    },
  );

  app.get(
    '/v1/workspaces/:ws/subscription/preview',
    {
      schema: {
        tags: ['Subscription'],
        summary: 'What a plan or seat change would charge now and when it takes effect (nothing is changed)',
        params: workspaceParams,
        querystring: planRequest.extend({ seats: z.coerce.number().pipe(seats).optional() }),
        response: { 200: preview, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      return previewChange(
        deps,
        access,
        (context) => planTargetFor(deps.catalog, request.query, context.subscription, context.usage),
        request.query.promotionCode ?? null,
      );
    },
  );

  app.get(
    '/v1/workspaces/:ws/subscription/cancel/preview',
    {
      schema: {
        tags: ['Subscription'],
        summary:
          'What Cancel would do (nothing is changed): when the plan ends, members over the Free limit, credits that ' +
          'expire, and no next invoice',
        params: workspaceParams,
        response: { 200: preview, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      return previewCancel(deps, access);
    },
  );

  app.post(
    '/v1/workspaces/:ws/subscription/cancel',
    {
      schema: {
        tags: ['Subscription'],
        summary: 'Cancel at the period end: it stays active until then, and the workspace returns to Free',
        params: workspaceParams,
        headers: idempotencyHeaders,
        response: { 200: changeResult, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      await cancelSubscription(deps, access);
      return changeResultOf(deps, access, null);
    },
  );

  app.get(
    '/v1/workspaces/:ws/subscription/terminate/preview',
    {
      schema: {
        tags: ['Subscription'],
        summary: 'What ending the subscription now would refund: the unused time of the period (nothing is changed)',
        params: workspaceParams,
        response: {
          200: z.object({
            refundAmount: z.number().int().describe('Minor units: the unused share of what the period was paid'),
            currency: z.string(),
            invoiceId: z.string().nullable().describe('The invoice it would be refunded from'),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      return previewTermination(deps, access);
    },
  );

  app.post(
    '/v1/workspaces/:ws/subscription/terminate',
    {
      config: { resumesByRequestRef: true },
      schema: {
        tags: ['Subscription'],
        summary:
          'End the subscription now (the workspace returns to Free at once) and refund the unused time of the period, ' +
          'at what it was paid: to the card, to the customer balance, or not at all',
        params: workspaceParams,
        headers: idempotencyHeaders,
        body: z.strictObject({
          refund: z
            .enum(['card', 'balance', 'none'])
            .describe('Where the unused time goes: back to the card, to the customer balance, or nowhere'),
        }),
        response: {
          200: z.object({
            subscription: subscriptionSchema.nullable(),
            creditNote: creditNoteSchema.nullable().describe('The credit note of the refund; null when none'),
          }),
          503: errorResponse,
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      const creditNote = await terminateSubscription(deps, access, request.body.refund, requestRefOf(request));
      return { subscription: await currentSubscriptionView(deps, access.workspace.id), creditNote };
    },
  );

  app.post(
    '/v1/workspaces/:ws/subscription/resume',
    {
      schema: {
        tags: ['Subscription'],
        summary: 'Undo a cancel before the period ends',
        params: workspaceParams,
        headers: idempotencyHeaders,
        response: { 200: changeResult, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      await resumeSubscription(deps, access);
      return changeResultOf(deps, access, null);
    },
  );

  app.post(
    '/v1/workspaces/:ws/subscription/scheduled-change/cancel',
    {
      schema: {
        tags: ['Subscription'],
        summary:
          'Cancel the change scheduled for the period end (a downgrade, fewer seats, a move to Flex): the plan renews as it is',
        params: workspaceParams,
        headers: idempotencyHeaders,
        response: { 200: changeResult, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      await cancelScheduledChange(deps, access);
      return changeResultOf(deps, access, null);
    },
  );

  app.post(
    '/v1/workspaces/:ws/subscription/seats',
    {
      config: { resumesByRequestRef: true },
      schema: {
        tags: ['Subscription'],
        summary:
          'Update quantity (max users): more seats are prorated and charged now; fewer take effect at the renewal ' +
          'and may not go below active users + pending invites',
        params: workspaceParams,
        headers: idempotencyHeaders,
        body: z
          .strictObject({
            seats: seats.optional().describe('The new max users'),
            add: seats.optional().describe('Seats to buy on top of those bought so far (instead of seats)'),
          })
          .refine((body) => (body.seats === undefined) !== (body.add === undefined), {
            message: 'Give either seats (the new quantity) or add (seats to buy), not both.',
            path: ['seats'],
          }),
        response: { 200: changeResult, 402: errorResponse, 503: errorResponse, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      const { invoiceId } = await updateSeats(
        deps,
        access,
        request.body.add === undefined ? { seats: request.body.seats ?? 0 } : { add: request.body.add },
        requestRefOf(request),
      );
      return changeResultOf(deps, access, invoiceId);
    },
  );
};

async function changeResultOf(deps: BillingDeps, access: WorkspaceAccess, invoiceId: string | null) {
  return {
    subscription: await currentSubscriptionView(deps, access.workspace.id),
    invoice: invoiceId ? await getInvoice(deps, access, invoiceId) : null,
  };
}
