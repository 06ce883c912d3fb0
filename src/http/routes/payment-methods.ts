// Payment methods: list, attach a card token from the card form, make one the default, remove one.
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import { attachPaymentMethod } from '../../billing/payment-methods/attach-payment-method.ts';
import { listPaymentMethods } from '../../billing/payment-methods/list-payment-methods.ts';
import { removePaymentMethod } from '../../billing/payment-methods/remove-payment-method.ts';
import { setDefaultPaymentMethod } from '../../billing/payment-methods/set-default-payment-method.ts';
import { requireActor } from '../caller.ts';
import { commonErrors, errorResponse, idempotencyHeaders, listQuery, pageOf, workspaceParams } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

export const paymentMethod = z.object({
  id: z.string(),
  brand: z.string().describe('visa, mastercard, amex, discover or unknown'),
  last4: z.string(),
  expMonth: z.number().int(),
  expYear: z.number().int(),
  isDefault: z.boolean(),
  createdAt: z.date(),
});
const paymentMethodParams = workspaceParams.extend({ pm: z.string().min(1).max(100) });

export const paymentMethodRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v1/workspaces/:ws/payment-methods',
    {
      schema: {
        tags: ['Payment methods'],
        summary: "The workspace's saved cards",
        params: workspaceParams,
        querystring: listQuery,
        response: { 200: pageOf(paymentMethod), ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      return listPaymentMethods(deps, access, request.query);
    },
  );

  app.post(
    '/v1/workspaces/:ws/payment-methods',
    {
      schema: {
        tags: ['Payment methods'],
        summary:
          'Save a card from its single-use token (POST /sandbox/v1/tokens); a declined card is 402 and saves nothing. ' +
          'Too many declined cards from one workspace or address is 429 with Retry-After (card testing)',
        params: workspaceParams,
        headers: idempotencyHeaders,
        body: z.strictObject({
          token: z.string().min(1).max(100).describe('tok_… from the gateway’s tokenization endpoint'),
          makeDefault: z.boolean().default(false).describe('The first card always becomes the default'),
        }),
        response: { 201: paymentMethod, 402: errorResponse, 429: errorResponse, ...commonErrors },
      },
    },
    async (request, reply) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      const input = { ...request.body, clientAddress: request.ip };
      return reply.status(201).send(await attachPaymentMethod(deps, access, input));
    },
  );

  app.post(
    '/v1/workspaces/:ws/payment-methods/:pm/default',
    {
      schema: {
        tags: ['Payment methods'],
        summary: 'Make this card the one payments and renewals charge',
        params: paymentMethodParams,
        headers: idempotencyHeaders,
        response: { 200: paymentMethod, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      return setDefaultPaymentMethod(deps, access, request.params.pm);
    },
  );

  app.delete(
    '/v1/workspaces/:ws/payment-methods/:pm',
    {
      schema: {
        tags: ['Payment methods'],
        summary: 'Remove a card (not the default while others exist, nor the only card of a paid subscription)',
        params: paymentMethodParams,
        headers: idempotencyHeaders,
        response: { 200: paymentMethod, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      return removePaymentMethod(deps, access, request.params.pm);
    },
  );
};
