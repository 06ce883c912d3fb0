// Mounts better-auth's sign-up, sign-in, sign-out and session endpoints under /api/auth.
// Its organization endpoints stay closed: workspace, member and invite writes go through /v1,
// where seat limits and billing locks apply (docs/decisions/001-workspace-writes.md).
import type { FastifyInstance } from 'fastify';
import { type Auth, clientIpHeader } from '../auth/auth.ts';
import { BillingError } from '../domain/errors.ts';
import { toHeaders } from './caller.ts';

export function registerAuthRoutes(app: FastifyInstance, auth: Auth, baseUrl: string): void {
  app.route({
    method: ['GET', 'POST'],
    url: '/api/auth/*',
    schema: { hide: true },
    async handler(request, reply) {
      if (request.url.startsWith('/api/auth/organization/')) {
        throw new BillingError('not_found', 'Manage workspaces through the /v1 API.');
      }
      const headers = toHeaders(request);
      // Rate limits and session records key on the socket's address, never on a client-supplied header.
      headers.set(clientIpHeader, request.ip);
      const response = await auth.handler(
        new Request(new URL(request.url, baseUrl), {
          method: request.method,
          headers,
          body: request.method === 'POST' && request.body !== undefined ? JSON.stringify(request.body) : undefined,
        }),
      );
      reply.status(response.status);
      for (const [key, value] of response.headers) {
        if (key !== 'set-cookie') reply.header(key, value);
      }
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) reply.header('set-cookie', cookies);
      return reply.send(response.body ? await response.text() : null);
    },
  });
}
