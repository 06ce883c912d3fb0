// Test clocks (test mode): put a workspace on a clock that moves only when advanced; advancing runs the
// renewals and dunning retries that fall due on the way, in order.
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import { advanceTestClock, createTestClock, getTestClock } from '../../billing/test-clocks/test-clock.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { requireActor } from '../caller.ts';
import { commonErrors, idempotencyHeaders, workspaceParams } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

const testClock = z.object({ id: z.string(), workspaceId: z.string(), frozenTime: z.date() });
const moment = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

export const testClockRoutes: RouteModule = (app, deps) => {
  app.post(
    '/v1/workspaces/:ws/test-clock',
    {
      schema: {
        tags: ['Test clocks'],
        summary: 'Attach a test clock, frozen at frozenTime (only before the workspace subscribes)',
        params: workspaceParams,
        headers: idempotencyHeaders,
        body: z.strictObject({
          frozenTime: moment.describe('ISO 8601 in the years 2000–2200, e.g. 2026-01-31T12:00:00Z'),
        }),
        response: { 201: testClock, ...commonErrors },
      },
    },
    async (request, reply) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      return reply
        .status(201)
        .send(
          await createTestClock(
            deps,
            { workspace: access.workspace, actor: auditActorOf(access.actor) },
            request.body.frozenTime,
          ),
        );
    },
  );

  app.get(
    '/v1/workspaces/:ws/test-clock',
    {
      schema: {
        tags: ['Test clocks'],
        summary: "The workspace's test clock",
        params: workspaceParams,
        response: { 200: testClock, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:view');
      return getTestClock(deps, access);
    },
  );

  app.post(
    '/v1/workspaces/:ws/test-clock/advance',
    {
      schema: {
        tags: ['Test clocks'],
        summary: 'Move the test clock forward to `to`, running every renewal and retry due on the way, in order',
        params: workspaceParams,
        headers: idempotencyHeaders,
        body: z.strictObject({ to: moment.describe('ISO 8601, after the clock’s frozen time and no later than 2200') }),
        response: {
          200: testClock.extend({
            steps: z.array(
              z.object({
                at: z.date(),
                kind: z.enum(['renewal', 'dunning_retry', 'credit_expiry', 'trial_end_notice']),
                invoiceId: z.string().nullable(),
                result: z
                  .string()
                  .describe('paid, failed, requires_action, ended, not_charged, no_payment_method, trial_will_end'),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      const advanced = await advanceTestClock(
        deps,
        { workspace: access.workspace, actor: auditActorOf(access.actor) },
        request.body.to,
      );
      return {
        ...advanced,
        steps: advanced.steps.map((step) => ({
          at: step.at,
          kind: step.kind,
          invoiceId: 'invoiceId' in step.outcome ? step.outcome.invoiceId : null,
          result:
            step.kind === 'credit_expiry'
              ? `${step.outcome.expired} credits expired`
              : step.kind === 'trial_end_notice'
                ? 'trial_will_end'
                : 'payment' in step.outcome
                  ? step.outcome.payment.status
                  : 'ended',
        })),
      };
    },
  );
};
