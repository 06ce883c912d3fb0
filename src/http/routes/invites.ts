// Invites: list, send (seat limit enforced), revoke; and the invitee's view and accept.
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import { acceptInvite, getInviteForInvitee } from '../../billing/invites/accept-invite.ts';
import { createInvite } from '../../billing/invites/create-invite.ts';
import { listInvites } from '../../billing/invites/list-invites.ts';
import { revokeInvite } from '../../billing/invites/revoke-invite.ts';
import { requireActor, requireUser } from '../caller.ts';
import { commonErrors, idempotencyHeaders, listQuery, pageOf, workspaceParams } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

const invite = z.object({
  id: z.string(),
  email: z.string(),
  role: z.string(),
  status: z.enum(['pending', 'expired', 'accepted', 'canceled', 'rejected']),
  expiresAt: z.date(),
  createdAt: z.date(),
  acceptUrl: z.string().describe('Link the invitee opens to join'),
});
const workspaceSummary = z.object({ id: z.string(), slug: z.string(), name: z.string() });
const inviteParams = z.object({ invite: z.string().min(1).max(100) });

export const inviteRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v1/workspaces/:ws/invites',
    {
      schema: {
        tags: ['Invites'],
        summary: 'Pending invites (expired ones are marked)',
        params: workspaceParams,
        querystring: listQuery,
        response: { 200: pageOf(invite), ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'members:view');
      return listInvites(deps, access, request.query);
    },
  );

  app.post(
    '/v1/workspaces/:ws/invites',
    {
      schema: {
        tags: ['Invites'],
        summary: 'Invite someone by email; refused with 409 when every seat is in use',
        params: workspaceParams,
        headers: idempotencyHeaders,
        body: z.strictObject({
          email: z.email().max(254),
          role: z.string().trim().min(1).max(40).default('member'),
        }),
        response: { 201: invite, ...commonErrors },
      },
    },
    async (request, reply) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'members:manage');
      return reply.status(201).send(await createInvite(deps, access, request.body));
    },
  );

  app.delete(
    '/v1/workspaces/:ws/invites/:invite',
    {
      schema: {
        tags: ['Invites'],
        summary: 'Revoke a pending invite',
        params: workspaceParams.extend(inviteParams.shape),
        headers: idempotencyHeaders,
        response: { 200: invite, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'members:manage');
      return revokeInvite(deps, access, request.params.invite);
    },
  );

  app.get(
    '/v1/invites/:invite',
    {
      schema: {
        tags: ['Invites'],
        summary: 'An invite, as the signed-in invitee sees it',
        params: inviteParams,
        response: {
          200: invite.extend({
            workspace: workspaceSummary,
            invitedBy: z.object({ name: z.string(), email: z.string() }),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => getInviteForInvitee(deps, requireUser(request), request.params.invite),
  );

  app.post(
    '/v1/invites/:invite/accept',
    {
      schema: {
        tags: ['Invites'],
        summary: 'The signed-in invitee joins the workspace',
        params: inviteParams,
        headers: idempotencyHeaders,
        response: {
          200: z.object({ workspace: workspaceSummary, role: z.string(), memberId: z.string() }),
          ...commonErrors,
        },
      },
    },
    async (request) => acceptInvite(deps, requireUser(request), request.params.invite),
  );
};
