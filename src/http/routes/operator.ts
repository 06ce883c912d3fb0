// The operator API: coupons and promotion codes (GET/POST /v1/operator/coupons, /v1/operator/promotion-codes),
// opened only by `Authorization: Bearer <BILLFOLD_OPERATOR_KEY>`, compared in constant time. Workspace API keys and
// session cookies are never read here, so neither opens it (docs/decisions/021).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import type { BillingDeps } from '../../billing/deps.ts';
import { createCoupon } from '../../billing/discounts/create-coupon.ts';
import { createPromotionCode } from '../../billing/discounts/create-promotion-code.ts';
import { listCoupons } from '../../billing/discounts/list-coupons.ts';
import { listPromotionCodes } from '../../billing/discounts/list-promotion-codes.ts';
import { BillingError } from '../../domain/errors.ts';
import { commonErrors, idempotencyHeaders, listQuery, pageOf } from '../schemas.ts';
import type { ZodApp } from './route-module.ts';

const couponSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  percentOff: z.number().int().nullable(),
  amountOff: z.number().int().nullable(),
  currency: z.string().nullable(),
  duration: z.enum(['once', 'repeating', 'forever']),
  durationInMonths: z.number().int().nullable(),
  appliesToPlans: z.array(z.string()).nullable().describe('Null: every plan'),
  maxRedemptions: z.number().int().nullable(),
  timesRedeemed: z.number().int(),
  redeemBy: z.date().nullable(),
});

const promotionCodeSchema = z.object({
  id: z.string(),
  code: z.string(),
  couponId: z.string(),
  maxRedemptions: z.number().int().nullable(),
  timesRedeemed: z.number().int(),
  expiresAt: z.date().nullable(),
  firstTimeOnly: z.boolean(),
  active: z.boolean(),
});

const instant = z.iso.datetime({ offset: true }).transform((text) => Temporal.Instant.from(text));

const couponRequest = z.strictObject({
  name: z.string().min(1).max(100).optional(),
  percentOff: z.number().optional().describe('A whole percent, 1–100'),
  amountOff: z.number().optional().describe('Minor units of `currency`'),
  currency: z.string().min(3).max(3).optional(),
  duration: z.enum(['once', 'repeating', 'forever']),
  durationInMonths: z.number().optional().describe('With duration "repeating"'),
  appliesToPlans: z.array(z.string().min(1).max(50)).max(50).optional().describe('Every plan when left out'),
  maxRedemptions: z.number().optional(),
  redeemBy: instant.optional().describe('No redemption from this moment on'),
});

const promotionCodeRequest = z.strictObject({
  coupon: z.string().min(1).max(100),
  code: z.string().min(1).max(60),
  maxRedemptions: z.number().optional(),
  expiresAt: instant.optional(),
  firstTimeOnly: z.boolean().optional().describe('Only for a workspace that never paid an invoice'),
});

const operatorHeaders = idempotencyHeaders.extend({
  authorization: z.string().max(500).describe('Bearer <BILLFOLD_OPERATOR_KEY>'),
});

/** The scope's first hook, before idempotency: nothing of a request without the operator key is read or kept. */
export function requireOperatorKey(app: FastifyInstance, operatorKey: string): void {
  const expected = digest(operatorKey);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token || !timingSafeEqual(digest(token), expected)) {
      throw new BillingError(
        'unauthenticated',
        'The operator API takes "Authorization: Bearer <BILLFOLD_OPERATOR_KEY>".',
      );
    }
  });
}

export function registerOperatorRoutes(app: ZodApp, deps: BillingDeps): void {
  // Keyed requests of the operator share one scope: there is one operator.
  const config = { keyScopeWithoutCaller: () => 'operator' };

  app.get(
    '/v1/operator/coupons',
    {
      schema: {
        tags: ['Operator'],
        summary: 'The coupons, oldest first',
        headers: operatorHeaders,
        querystring: listQuery,
        response: { 200: pageOf(couponSchema), ...commonErrors },
      },
    },
    async (request) => listCoupons(deps, request.query),
  );

  app.post(
    '/v1/operator/coupons',
    {
      config,
      schema: {
        tags: ['Operator'],
        summary: 'Define a coupon: percent or amount off, for once, N months or forever, on some plans or all',
        headers: operatorHeaders,
        body: couponRequest,
        response: { 200: couponSchema, ...commonErrors },
      },
    },
    async (request) => {
      const { durationInMonths, appliesToPlans, ...body } = request.body;
      return createCoupon(deps, { ...body, months: durationInMonths, planIds: appliesToPlans });
    },
  );

  app.get(
    '/v1/operator/promotion-codes',
    {
      schema: {
        tags: ['Operator'],
        summary: 'The promotion codes, oldest first',
        headers: operatorHeaders,
        querystring: listQuery,
        response: { 200: pageOf(promotionCodeSchema), ...commonErrors },
      },
    },
    async (request) => listPromotionCodes(deps, request.query),
  );

  app.post(
    '/v1/operator/promotion-codes',
    {
      config,
      schema: {
        tags: ['Operator'],
        summary: 'A customer-facing code for a coupon, with its own limits',
        headers: operatorHeaders,
        body: promotionCodeRequest,
        response: { 200: promotionCodeSchema, ...commonErrors },
      },
    },
    async (request) => {
      const { coupon, ...body } = request.body;
      return createPromotionCode(deps, { couponId: coupon, ...body });
    },
  );
}

/** Equal-length digests, so the comparison takes the same time whatever the token's length. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
