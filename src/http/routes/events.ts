// /v1/workspaces/:ws/events: the workspace's published events, newest first — what its webhooks carry, in the
// same JSON (the webhooks section of the OpenAPI document describes each type).
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import { listEvents } from '../../billing/events/list-events.ts';
import { billingEventTypes } from '../../billing/events/record-event.ts';
import { requireActor } from '../caller.ts';
import { commonErrors, listQuery, pageOf, workspaceParams } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

const event = z.object({
  id: z.string(),
  type: z.enum(billingEventTypes),
  createdAt: z.string().describe('ISO 8601'),
  workspaceId: z.string(),
  sequence: z.number().int().nullable().describe('Gap-less per workspace, from 1'),
  data: z.object({
    object: z.unknown().describe('The resource as the API answered it when the event happened'),
    previous: z.record(z.string(), z.unknown()).optional().describe('The old values of the fields that changed'),
  }),
});

export const eventRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v1/workspaces/:ws/events',
    {
      schema: {
        tags: ['Events'],
        summary: "The workspace's events, newest first (what webhooks carry)",
        params: workspaceParams,
        querystring: listQuery.extend({
          type: z.enum(billingEventTypes).optional().describe('Only events of this type'),
        }),
        response: { 200: pageOf(event), ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'billing:manage');
      return listEvents(deps, access, request.query);
    },
  );
};
