// /v1/workspaces/:ws/roles: built-in and custom roles; create a custom role (billing is one permission).
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import { createRole, listRoles } from '../../billing/roles/roles.ts';
import { customPermissionNames } from '../../domain/access/permissions.ts';
import { requireActor } from '../caller.ts';
import { commonErrors, idempotencyHeaders, workspaceParams } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

const role = z.object({
  name: z.string(),
  builtIn: z.boolean(),
  permissions: z.array(z.enum(customPermissionNames)),
});

export const roleRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v1/workspaces/:ws/roles',
    {
      schema: {
        tags: ['Roles'],
        summary: 'Built-in and custom roles',
        params: workspaceParams,
        response: { 200: z.object({ data: z.array(role), hasMore: z.boolean() }), ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'members:view');
      return { data: await listRoles(deps, access), hasMore: false };
    },
  );

  app.post(
    '/v1/workspaces/:ws/roles',
    {
      schema: {
        tags: ['Roles'],
        summary: 'Create a custom role',
        params: workspaceParams,
        headers: idempotencyHeaders,
        body: z.strictObject({
          name: z
            .string()
            .regex(
              /^[a-z][a-z0-9-]{0,39}$/,
              'must be up to 40 lowercase letters, digits and hyphens, starting with a letter',
            ),
          permissions: z.array(z.enum(customPermissionNames)).max(customPermissionNames.length),
        }),
        response: { 201: role, ...commonErrors },
      },
    },
    async (request, reply) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'roles:manage');
      return reply.status(201).send(await createRole(deps, access, request.body));
    },
  );
};
