// /v1/workspaces/:ws/activity: the activity log of Plan & Billing — who did what to billing, when, from what to
// what — newest first, for those who manage billing.
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import { listActivity } from '../../billing/activity/list-activity.ts';
import { requireActor } from '../caller.ts';
import { commonErrors, listQuery, pageOf, workspaceParams } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

const activityEntry = z.object({
  id: z.string(),
  action: z.string().describe('What was done, e.g. subscription.plan_changed, payment.failed, credits.adjusted'),
  occurredAt: z.date().describe("On the workspace's clock (its test clock, in test mode)"),
  actor: z.object({
    type: z.enum(['user', 'api_key', 'system']),
    id: z.string().nullable(),
    name: z.string().describe('The person, the API key, or "Billfold" for what the system did'),
    role: z.string().nullable().describe('A person\'s role in the workspace; "System" for Billfold; null for a key'),
  }),
  targetId: z.string().nullable().describe('What it was done to: a subscription, invoice, card, member…'),
  before: z.unknown().describe('The state before, as recorded (null when nothing came before)'),
  after: z.unknown().describe('The state after, as recorded'),
  summary: z.string().describe('The change in words, e.g. "Set max users from 5 to 8"'),
});

export const activityRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v1/workspaces/:ws/activity',
    {
      schema: {
        tags: ['Activity'],
        summary: 'The activity log: who changed billing, when, from what to what (newest first)',
        params: workspaceParams,
        querystring: listQuery,
        response: { 200: pageOf(activityEntry), ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      return listActivity(deps, access, request.query);
    },
  );
};
