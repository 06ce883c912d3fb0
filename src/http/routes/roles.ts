// /v1/workspaces/:ws/roles: built-in and custom roles; create, rename, regrant and delete a custom role (billing is
// one permission).
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import { deleteRole, updateRole } from '../../billing/roles/change-role.ts';
import { createRole, listRoles } from '../../billing/roles/roles.ts';
import { customPermissionNames } from '../../domain/access/permissions.ts';
import { requireActor } from '../caller.ts';
import { commonErrors, idempotencyHeaders, workspaceParams } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

const roleName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be up to 40 lowercase letters, digits and hyphens, starting with a letter');
const permissions = z.array(z.enum(customPermissionNames)).max(customPermissionNames.length);
const roleParams = workspaceParams.extend({ role: z.string().min(1).max(100).describe('The role name') });

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
        body: z.strictObject({ name: roleName, permissions }),
        response: { 201: role, ...commonErrors },
      },
    },
    async (request, reply) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'roles:manage');
      return reply.status(201).send(await createRole(deps, access, request.body));
    },
  );

  app.patch(
    '/v1/workspaces/:ws/roles/:role',
    {
      schema: {
        tags: ['Roles'],
        summary:
          'Rename a custom role or change what it grants; its members and pending invites keep it, and the API keys ' +
          'they created are narrowed to what it now allows',
        params: roleParams,
        headers: idempotencyHeaders,
        body: z
          .strictObject({ name: roleName.optional(), permissions: permissions.optional() })
          .refine((body) => body.name !== undefined || body.permissions !== undefined, {
            message: 'give a new "name", new "permissions" or both',
          }),
        response: { 200: role, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'roles:manage');
      return updateRole(deps, access, request.params.role, request.body);
    },
  );

  app.delete(
    '/v1/workspaces/:ws/roles/:role',
    {
      schema: {
        tags: ['Roles'],
        summary: 'Delete a custom role: whoever holds it (members and pending invites) becomes a member',
        params: roleParams,
        headers: idempotencyHeaders,
        response: {
          200: role.extend({ membersReassigned: z.number().int().describe('Members moved to the member role') }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'roles:manage');
      return deleteRole(deps, access, request.params.role);
    },
  );
};
