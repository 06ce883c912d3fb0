// Serves the four better-auth endpoints the page uses (sign-up, sign-in, sign-out, the session) under /api/auth;
// every other path there is a 404, whatever its spelling (docs/decisions/001-workspace-writes-through-billfold.md).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Auth, clientIpHeader } from '../auth/auth.ts';
import { BillingError } from '../domain/errors.ts';
import { toHeaders } from './caller.ts';

// RFC 5321: a mailbox of at most 254 characters whose local part (before the last @) has at most 64.
const emailAddress = z
  .email()
  .max(254)
  .refine((address) => address.lastIndexOf('@') <= 64, 'the part before "@" is at most 64 characters');

/** What better-auth's own clients send beside the form's fields; `image` is not shown anywhere, so not taken. */
const clientOptions = {
  callbackURL: z.string().max(2048).optional(),
  rememberMe: z.boolean().optional(),
};

const signUpBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  email: emailAddress,
  password: z.string(),
  ...clientOptions,
});

const signInBody = z.strictObject({ email: emailAddress, password: z.string(), ...clientOptions });

export function registerAuthRoutes(app: FastifyInstance, auth: Auth, baseUrl: string): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const origin = new URL(baseUrl).origin;

  /**
   * Hands better-auth the endpoint's own path (never the client's spelling of it), the query, and the body as
   * validated: the flat object zod returned, so nothing nested the client sent is walked again here.
   */
  async function forward(request: FastifyRequest, path: string, method: 'GET' | 'POST', body?: object) {
    const headers = toHeaders(request);
    headers.delete('content-length');
    // Rate limits and session records key on the socket's address, never on a client-supplied header.
    headers.set(clientIpHeader, request.ip);
    const query = request.url.indexOf('?');
    const url = `${origin}${path}${query === -1 ? '' : request.url.slice(query)}`;
    return auth.handler(
      new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
    );
  }

  /** Relays better-auth's answer; a session answer is never kept by a cache, and its token lives in the cookie only. */
  async function relay(response: Response, reply: FastifyReply, stripToken = false) {
    reply.status(response.status);
    for (const [key, value] of response.headers) {
      if (key !== 'set-cookie' && key !== 'content-length') reply.header(key, value);
    }
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) reply.header('set-cookie', cookies);
    reply.header('cache-control', 'no-store');
    const text = response.body ? await response.text() : null;
    if (!stripToken || !response.ok || !text) return reply.send(text);
    // The page never reads it: a token in the body is one script or log away from a stolen session.
    const { token: _cookieOnly, ...answer } = JSON.parse(text) as Record<string, unknown>;
    return reply.send(answer);
  }

  const hidden = { hide: true } as const;
  routes.post('/api/auth/sign-up/email', { schema: { ...hidden, body: signUpBody } }, async (request, reply) =>
    relay(await forward(request, '/api/auth/sign-up/email', 'POST', request.body), reply, true),
  );
  routes.post('/api/auth/sign-in/email', { schema: { ...hidden, body: signInBody } }, async (request, reply) =>
    relay(await forward(request, '/api/auth/sign-in/email', 'POST', request.body), reply, true),
  );
  routes.post(
    '/api/auth/sign-out',
    { schema: { ...hidden, body: z.strictObject({}).optional() } },
    async (request, reply) => relay(await forward(request, '/api/auth/sign-out', 'POST', request.body), reply),
  );
  routes.get('/api/auth/get-session', { schema: hidden }, async (request, reply) =>
    relay(await forward(request, '/api/auth/get-session', 'GET'), reply),
  );
  // Its organization endpoints above all: workspace, member, invite and role writes go through /v1, where seat
  // limits, billing locks and the audit log apply. The router matches the raw path, so `./` or `%2e` lands here.
  routes.all('/api/auth/*', { schema: hidden }, async () => {
    throw new BillingError('not_found', 'Nothing is served here; manage workspaces through the /v1 API.');
  });
}
