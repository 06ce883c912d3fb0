// /v1/workspaces/:ws/webhook-endpoints: where the workspace's events are sent — list, add (the signing secret is
// in that answer only), change, delete, rotate the secret, send a test event, and each endpoint's delivery log
// with replay; /v1/webhook-event-types: what an endpoint may subscribe to. Billing managers only, never a key.

import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import type { BillingDeps } from '../../billing/deps.ts';
import { describeEventType, webhookEventTypes } from '../../billing/events/event-types.ts';
import { createWebhookEndpoint } from '../../billing/webhooks/create-endpoint.ts';
import { deleteWebhookEndpoint } from '../../billing/webhooks/delete-endpoint.ts';
import { maxDescriptionLength, maxEndpointsPerWorkspace, maxUrlLength } from '../../billing/webhooks/endpoint-input.ts';
import type { EndpointManager } from '../../billing/webhooks/endpoint-manager.ts';
import { listWebhookDeliveries } from '../../billing/webhooks/list-deliveries.ts';
import { getWebhookEndpoint, listWebhookEndpoints } from '../../billing/webhooks/list-endpoints.ts';
import { replayWebhookDelivery } from '../../billing/webhooks/replay-delivery.ts';
import { rotateWebhookEndpointSecret } from '../../billing/webhooks/rotate-endpoint-secret.ts';
import { sendWebhookTestEvent } from '../../billing/webhooks/send-test-event.ts';
import { updateWebhookEndpoint } from '../../billing/webhooks/update-endpoint.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { requireActor } from '../caller.ts';
import { commonErrors, idempotencyHeaders, listQuery, pageOf, workspaceParams } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

const tags = ['Webhooks'];

const eventTypesField = z
  .array(z.string().min(1).max(100))
  .max(webhookEventTypes.length * 2)
  .describe(
    `Event types to send; empty: every type. Known types (GET /v1/webhook-event-types): ${webhookEventTypes.join(', ')}`,
  );

const endpoint = z.object({
  id: z.string().describe('we_…'),
  url: z.string(),
  description: z.string().describe("'' when none"),
  eventTypes: z.array(z.string()).describe('The event types sent to it; empty: every type'),
  enabled: z.boolean(),
  status: z
    .enum(['enabled', 'disabled', 'failing'])
    .describe('failing: enabled, but a delivery ran out of retries (since failingSince)'),
  failingSince: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  secretRotatedUntil: z
    .date()
    .nullable()
    .describe('After a rotation: until when the previous secret is still accepted; null when it no longer is'),
});
const endpointWithSecret = endpoint.extend({
  secret: z.string().describe('whsec_… — verifies webhook-signature (Standard Webhooks); shown in this answer only'),
});

const delivery = z.object({
  id: z.string().describe('whd_…'),
  endpointId: z.string(),
  eventId: z.string().describe('evt_…; also the webhook-id header, the same for a replay'),
  eventType: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  responseStatus: z.number().int().nullable().describe("The receiver's HTTP status at the last attempt"),
  durationMs: z.number().int().nullable().describe('How long the last attempt took'),
  attempts: z.number().int(),
  nextAttemptAt: z.date().nullable().describe('When it is tried (again); null once it succeeded or gave up'),
  createdAt: z.date(),
  lastAttemptAt: z.date().nullable(),
  error: z.string().nullable().describe('Why the last attempt failed (timeout, connection, refused address …)'),
  responseBody: z.string().nullable().describe("The start of the receiver's answer (truncated)"),
  replayOf: z.string().nullable().describe('The delivery this one replays'),
});

const url = z
  .string()
  .trim()
  .min(1)
  .max(maxUrlLength)
  .describe('https://… ; must resolve to public addresses (unless the deployment allows private ones)');
const description = z.string().trim().max(maxDescriptionLength);
const endpointParams = workspaceParams.extend({ endpoint: z.string().min(1).max(100).describe('we_…') });
const deliveryParams = endpointParams.extend({ delivery: z.string().min(1).max(100).describe('whd_…') });

// The schema parts of every route of one endpoint; a change also takes an Idempotency-Key.
const ofEndpoint = { tags, params: endpointParams };
const changeOfEndpoint = { ...ofEndpoint, headers: idempotencyHeaders };

/** The caller as a webhooks manager of the route's workspace (:ws), as the webhook functions take it. */
async function managerOf(
  deps: BillingDeps,
  request: FastifyRequest & { params: { ws: string } },
): Promise<EndpointManager> {
  const access = await authorize(deps, requireActor(request), request.params.ws, 'webhooks:manage');
  return { workspace: access.workspace, actor: auditActorOf(access.actor) };
}

export const webhookEndpointRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v1/webhook-event-types',
    {
      schema: {
        tags,
        summary: 'The event types a webhook endpoint may subscribe to',
        response: {
          200: z.object({ data: z.array(z.object({ type: z.string(), description: z.string() })) }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      requireActor(request);
      return { data: webhookEventTypes.map((type) => ({ type, description: describeEventType(type) })) };
    },
  );

  app.get(
    '/v1/workspaces/:ws/webhook-endpoints',
    {
      schema: {
        tags,
        summary: 'Webhook endpoints, oldest first (never their secrets)',
        params: workspaceParams,
        querystring: listQuery,
        response: { 200: pageOf(endpoint), ...commonErrors },
      },
    },
    async (request) => listWebhookEndpoints(deps, await managerOf(deps, request), request.query),
  );

  app.post(
    '/v1/workspaces/:ws/webhook-endpoints',
    {
      schema: {
        tags,
        summary: `Add a webhook endpoint (its secret is shown once; at most ${maxEndpointsPerWorkspace} per workspace)`,
        params: workspaceParams,
        headers: idempotencyHeaders,
        body: z.strictObject({ url, eventTypes: eventTypesField.optional(), description: description.optional() }),
        response: { 201: endpointWithSecret, ...commonErrors },
      },
    },
    async (request, reply) => {
      const by = await managerOf(deps, request);
      return reply.status(201).send(await createWebhookEndpoint(deps, by, request.body));
    },
  );

  app.get(
    '/v1/workspaces/:ws/webhook-endpoints/:endpoint',
    {
      schema: {
        ...ofEndpoint,
        summary: 'One webhook endpoint (never its secret)',
        response: { 200: endpoint, ...commonErrors },
      },
    },
    async (request) => getWebhookEndpoint(deps, await managerOf(deps, request), request.params.endpoint),
  );

  app.patch(
    '/v1/workspaces/:ws/webhook-endpoints/:endpoint',
    {
      schema: {
        ...changeOfEndpoint,
        summary: 'Change the URL, event types or description, or disable and enable an endpoint',
        body: z.strictObject({
          url: url.optional(),
          eventTypes: eventTypesField.optional(),
          description: description.optional(),
          enabled: z.boolean().optional().describe('false: nothing is sent to it until enabled again'),
        }),
        response: { 200: endpoint, ...commonErrors },
      },
    },
    async (request) =>
      updateWebhookEndpoint(deps, await managerOf(deps, request), request.params.endpoint, request.body),
  );

  app.delete(
    '/v1/workspaces/:ws/webhook-endpoints/:endpoint',
    {
      schema: {
        ...changeOfEndpoint,
        summary: 'Delete an endpoint: nothing more is sent to it (answers it as it was)',
        response: { 200: endpoint, ...commonErrors },
      },
    },
    async (request) => deleteWebhookEndpoint(deps, await managerOf(deps, request), request.params.endpoint),
  );

  app.post(
    '/v1/workspaces/:ws/webhook-endpoints/:endpoint/rotate-secret',
    {
      schema: {
        ...changeOfEndpoint,
        summary: 'A new signing secret (shown once); the previous one stays valid for 24 hours',
        response: { 200: endpointWithSecret, ...commonErrors },
      },
    },
    async (request) => rotateWebhookEndpointSecret(deps, await managerOf(deps, request), request.params.endpoint),
  );

  app.post(
    '/v1/workspaces/:ws/webhook-endpoints/:endpoint/test',
    {
      schema: {
        ...changeOfEndpoint,
        summary: 'Send a webhook_endpoint.test event to this endpoint only; answers its pending delivery',
        response: { 201: delivery, ...commonErrors },
      },
    },
    async (request, reply) => {
      const by = await managerOf(deps, request);
      return reply.status(201).send(await sendWebhookTestEvent(deps, by, request.params.endpoint));
    },
  );

  app.get(
    '/v1/workspaces/:ws/webhook-endpoints/:endpoint/deliveries',
    {
      schema: {
        ...ofEndpoint,
        summary: "The endpoint's delivery log, newest first",
        querystring: listQuery,
        response: { 200: pageOf(delivery), ...commonErrors },
      },
    },
    async (request) =>
      listWebhookDeliveries(deps, await managerOf(deps, request), request.params.endpoint, request.query),
  );

  app.post(
    '/v1/workspaces/:ws/webhook-endpoints/:endpoint/deliveries/:delivery/replay',
    {
      schema: {
        tags,
        summary: 'Send a delivered event again, as a new delivery with the same webhook-id',
        params: deliveryParams,
        headers: idempotencyHeaders,
        response: { 201: delivery, ...commonErrors },
      },
    },
    async (request, reply) => {
      const by = await managerOf(deps, request);
      return reply
        .status(201)
        .send(await replayWebhookDelivery(deps, by, request.params.delivery, request.params.endpoint));
    },
  );
};
