// Identifies the caller of a /v1 route (API key bearer token or better-auth session cookie) and
// applies the CSRF rule: a cookie-authenticated mutation must come from one of our own origins.
import type { FastifyRequest } from 'fastify';
import type { Auth } from '../auth/auth.ts';
import { findSessionWithUser } from '../auth/session.queries.ts';
import type { PlainSessionReader, SignedInUser } from '../auth/signed-in-user.ts';
import { findSessionWithMembership } from '../billing/access/access.queries.ts';
import { membershipReadWith } from '../billing/access/authorize.ts';
import { resolveApiKey } from '../billing/api-keys/resolve-api-key.ts';
import type { BillingDeps } from '../billing/deps.ts';
import type { Actor } from '../domain/access/actor.ts';
import { BillingError } from '../domain/errors.ts';
import { workspaceParams } from './schemas.ts';
import { isStorable } from './text-rule.ts';

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
  const plain = await plainSessionUser(request, deps);
  const user = plain ?? (await betterAuthUser(deps.auth, request));
  if (!user) {
    throw new BillingError('unauthenticated', 'Sign in, or send a workspace API key as "Authorization: Bearer …".');
  }
  if (mutatingMethods.has(request.method) && !deps.trustedOrigins.includes(request.headers.origin ?? '')) {
    throw new BillingError('permission_denied', 'Cross-site request refused: the Origin header must be this server.');
  }
  request.actor = { kind: 'user', userId: user.userId, email: user.email, name: user.name };
  request.authenticatedBy = 'session';
  if (plain && 'workspaceRef' in plain) membershipReadWith(request.actor, plain.workspaceRef, plain.membership);
}

/**
 * The user of a plain session cookie. On a workspace's route (`:ws`) the user's membership there is read in the
 * same statement, for authorize(). This runs before the route's validation: a ref the database cannot hold (a NUL,
 * a lone surrogate) or that the routes' `:ws` schema refuses is left to it.
 */
async function plainSessionUser(
  request: FastifyRequest,
  deps: Pick<BillingDeps, 'db'> & { plainSession: PlainSessionReader },
) {
  const workspaceRef = (request.params as { ws?: unknown } | undefined)?.ws;
  if (
    typeof workspaceRef !== 'string' ||
    !workspaceParams.shape.ws.safeParse(workspaceRef).success ||
    !isStorable(workspaceRef)
  ) {
    return deps.plainSession(request.headers.cookie, (token) => findSessionWithUser(deps.db, token));
  }
  const session = await deps.plainSession(request.headers.cookie, (token) =>
    findSessionWithMembership(deps.db, token, workspaceRef),
  );
  return session && { ...session, workspaceRef };
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
