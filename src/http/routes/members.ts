// /v1/workspaces/:ws/members: members and their roles; change a role or remove a member.
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import { changeMemberRole, removeMember } from '../../billing/members/change-member.ts';
import { listMembers } from '../../billing/members/list-members.ts';
import { requireActor } from '../caller.ts';
import { commonErrors, idempotencyHeaders, listQuery, pageOf, workspaceParams } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

const member = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  joinedAt: z.date(),
});
const memberParams = workspaceParams.extend({ member: z.string().min(1).max(100) });
const roleName = z.string().trim().min(1).max(40);

export const memberRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v1/workspaces/:ws/members',
    {
      schema: {
        tags: ['Members'],
        summary: 'Members and their roles',
        params: workspaceParams,
        querystring: listQuery,
        response: { 200: pageOf(member), ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'members:view');
      return listMembers(deps, access, request.query);
    },
  );

  app.patch(
    '/v1/workspaces/:ws/members/:member',
    {
      schema: {
        tags: ['Members'],
        summary: "Change a member's role",
        params: memberParams,
        headers: idempotencyHeaders,
        body: z.strictObject({ role: roleName }),
        response: { 200: member, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'members:manage');
      return changeMemberRole(deps, access, request.params.member, request.body.role);
    },
  );

  app.delete(
    '/v1/workspaces/:ws/members/:member',
    {
      schema: {
        tags: ['Members'],
        summary: 'Remove a member (or leave the workspace, when it is yourself)',
        params: memberParams,
        headers: idempotencyHeaders,
        response: { 200: member, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'members:view');
      return removeMember(deps, access, request.params.member);
    },
  );
};
