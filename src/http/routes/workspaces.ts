// /v1/workspaces: the caller's workspaces, and creating one (the caller becomes its owner).
import { z } from 'zod';
import { createWorkspace } from '../../billing/workspaces/create-workspace.ts';
import { listWorkspaces } from '../../billing/workspaces/list-workspaces.ts';
import { permissionNames } from '../../domain/access/permissions.ts';
import { requireUser } from '../caller.ts';
import { commonErrors, idempotencyHeaders, listQuery, pageOf } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

const workspace = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  role: z.string().describe("The caller's role in the workspace"),
  createdAt: z.date(),
});

const workspaceOfUser = workspace.extend({
  permissions: z.array(z.enum(permissionNames)).describe('What the caller may do in this workspace'),
  plan: z
    .object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(['free', 'credits', 'subscription']).describe('credits: prepaid credits, no subscription (Flex)'),
    })
    .describe('The plan the workspace is on'),
});

export const workspaceRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v1/workspaces',
    {
      schema: {
        tags: ['Workspaces'],
        summary: "The caller's workspaces",
        querystring: listQuery,
        response: { 200: pageOf(workspaceOfUser), ...commonErrors },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return listWorkspaces(deps, user.userId, request.query);
    },
  );

  app.post(
    '/v1/workspaces',
    {
      schema: {
        tags: ['Workspaces'],
        summary: 'Create a workspace; the caller becomes its owner',
        headers: idempotencyHeaders,
        body: z.strictObject({
          name: z.string().trim().min(1).max(80),
          slug: z
            .string()
            .regex(
              /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/,
              'must be 1–48 lowercase letters, digits and hyphens, starting and ending with a letter or digit',
            ),
        }),
        response: { 201: workspace, ...commonErrors },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const created = await createWorkspace(deps, { ownerUserId: user.userId, ...request.body });
      return reply.status(201).send(created);
    },
  );
};
