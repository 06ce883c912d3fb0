// Identifies the caller of a /v1 route (API key bearer token or better-auth session cookie) and
// applies the CSRF rule: a cookie-authenticated mutation must come from one of our own origins.
import type { FastifyRequest } from 'fastify';
import type { Auth } from '../auth/auth.ts';
import type { PlainSessionReader, SignedInUser } from '../auth/signed-in-user.ts';
import { resolveApiKey } from '../billing/api-keys/resolve-api-key.ts';
import type { BillingDeps } from '../billing/deps.ts';
import type { Actor } from '../domain/access/actor.ts';
import { BillingError } from '../domain/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    authenticatedBy: 'api_key' | 'session' | null;
  }
}

const mutatingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function identifyCaller(
  request: FastifyRequest,
  deps: Pick<BillingDeps, 'db' | 'clock'> & {
    auth: Auth;
    plainSession: PlainSessionReader;
    trustedOrigins: readonly string[];
  },
): Promise<void> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const actor = token ? await resolveApiKey(deps, token) : null;
    if (!actor) throw new BillingError('unauthenticated', 'The API key is invalid or revoked.');
    request.actor = actor;
    request.authenticatedBy = 'api_key';
    return;
  }
  const user = (await deps.plainSession(request.headers.cookie)) ?? (await betterAuthUser(deps.auth, request));
  if (!user) {
    throw new BillingError('unauthenticated', 'Sign in, or send a workspace API key as "Authorization: Bearer …".');
  }
  if (mutatingMethods.has(request.method) && !deps.trustedOrigins.includes(request.headers.origin ?? '')) {
    throw new BillingError('permission_denied', 'Cross-site request refused: the Origin header must be this server.');
  }
  request.actor = { kind: 'user', ...user };
  request.authenticatedBy = 'session';
}

/** better-auth's own session check, for whatever the plain-session reader leaves to it. */
async function betterAuthUser(auth: Auth, request: FastifyRequest): Promise<SignedInUser | null> {
  const session = await auth.api.getSession({ headers: toHeaders(request) });
  return session && { userId: session.user.id, email: session.user.email, name: session.user.name };
}

/** The signed-in user of a route that only makes sense for people (not API keys). */
export function requireUser(request: FastifyRequest): Extract<Actor, { kind: 'user' }> {
  const actor = request.actor;
  if (actor?.kind !== 'user')
    throw new BillingError('permission_denied', 'This route needs a signed-in user, not an API key.');
  return actor;
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new BillingError('unauthenticated', 'Sign in first.');
  return request.actor;
}

export function toHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}
