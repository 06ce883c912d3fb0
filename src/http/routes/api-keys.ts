// /v1/workspaces/:ws/api-keys: create a workspace API key; the secret is in this response only.
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import { createApiKey } from '../../billing/api-keys/api-keys.ts';
import { requireActor } from '../caller.ts';
import { commonErrors, idempotencyHeaders, workspaceParams } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

export const apiKeyRoutes: RouteModule = (app, deps) => {
  app.post(
    '/v1/workspaces/:ws/api-keys',
    {
      schema: {
        tags: ['API keys'],
        summary: 'Create a workspace API key (shown once)',
        params: workspaceParams,
        headers: idempotencyHeaders,
        body: z.object({ name: z.string().trim().min(1).max(80) }),
        response: {
          201: z.object({
            id: z.string(),
            name: z.string(),
            token: z.string().describe('Send as "Authorization: Bearer <token>"; not shown again'),
            prefix: z.string(),
            createdAt: z.date(),
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'api_keys:manage');
      return reply.status(201).send(await createApiKey(deps, access, request.body));
    },
  );
};
