// /v1/workspaces/:ws/api-keys: list, create (the secret is in that response only, scopes never beyond the
// creator's role) and revoke workspace API keys; only people who manage keys may, never a key itself.
import { z } from 'zod';
import { authorize } from '../../billing/access/authorize.ts';
import { createApiKey } from '../../billing/api-keys/create-api-key.ts';
import { listApiKeys } from '../../billing/api-keys/list-api-keys.ts';
import { revokeApiKey } from '../../billing/api-keys/revoke-api-key.ts';
import { apiKeyScopeNames } from '../../domain/access/api-key-scopes.ts';
import { requireActor } from '../caller.ts';
import { commonErrors, idempotencyHeaders, listQuery, pageOf, workspaceParams } from '../schemas.ts';
import type { RouteModule } from './route-module.ts';

const scope = z.enum(apiKeyScopeNames);
const apiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the token, to recognize the key'),
  scopes: z.array(scope),
  createdAt: z.date(),
  createdBy: z
    .object({ userId: z.string(), name: z.string(), email: z.string() })
    .nullable()
    .describe('Null once the creating user account is gone'),
  lastUsedAt: z.date().nullable().describe('To about the minute; null until first used'),
  revokedAt: z.date().nullable(),
});
const keyParams = workspaceParams.extend({ key: z.string().min(1).max(100) });

export const apiKeyRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v1/workspaces/:ws/api-keys',
    {
      schema: {
        tags: ['API keys'],
        summary: 'Active API keys (never their tokens)',
        params: workspaceParams,
        querystring: listQuery,
        response: { 200: pageOf(apiKey), ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'api_keys:manage');
      return listApiKeys(deps, access, request.query);
    },
  );

  app.post(
    '/v1/workspaces/:ws/api-keys',
    {
      schema: {
        tags: ['API keys'],
        summary: 'Create a workspace API key (shown once)',
        params: workspaceParams,
        headers: idempotencyHeaders,
        body: z.strictObject({
          name: z.string().trim().min(1).max(80),
          scopes: z
            .array(scope)
            .min(1)
            .max(apiKeyScopeNames.length * 2)
            .optional()
            .describe('What the key may do; by default every scope your role allows, and never more than it'),
        }),
        response: {
          201: z.object({
            id: z.string(),
            name: z.string(),
            token: z.string().describe('Send as "Authorization: Bearer <token>"; not shown again'),
            prefix: z.string(),
            scopes: z.array(scope),
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

  app.delete(
    '/v1/workspaces/:ws/api-keys/:key',
    {
      schema: {
        tags: ['API keys'],
        summary: 'Revoke an API key: its next request is refused (revoking it again answers the same)',
        params: keyParams,
        headers: idempotencyHeaders,
        response: { 200: apiKey, ...commonErrors },
      },
    },
    async (request) => {
      const access = await authorize(deps, requireActor(request), request.params.ws, 'api_keys:manage');
      return revokeApiKey(deps, access, request.params.key);
    },
  );
};
