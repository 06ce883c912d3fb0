// Idempotency-Key handling for every mutating /v1 route, stored in Postgres so any process can replay
// (docs/decisions/009). A key is held by one run at a time, and every write transaction of that run marks the
// key `committed` in the same transaction (a commit guard), so whether a request reached a side effect is known
// for certain: a retry gets the kept answer, a 422 for another request, a 409 while a run holds the key; a run
// that died is run anew only if it committed nothing, and otherwise resumed by routes that can pick up what it
// wrote (their use cases find their invoice or payment by the request's ref). Keys are per workspace and caller.
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Temporal } from 'temporal-polyfill';
import { findWorkspaceByRef } from '../billing/access/access.queries.ts';
import type { BillingDeps } from '../billing/deps.ts';
import { bindWritesToKey } from '../billing/idempotency/bind-writes-to-key.ts';
import {
  claimNewKey,
  findKeptRequest,
  forgetExpired,
  giveUpClaim,
  keepAnswer,
  type RunClaim,
  releaseUncommitted,
  takeOver,
} from '../billing/idempotency/idempotency-records.queries.ts';
import { toDate, toInstant } from '../domain/clock.ts';
import { BillingError } from '../domain/errors.ts';
import { idempotencyRetention } from '../domain/idempotency/retention.ts';
import { decideRetry } from '../domain/idempotency/retry-decision.ts';
import type { ResponseSeal } from './sealed-response.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: (RunClaim & { ref: string }) | null;
  }
  interface FastifyContextConfig {
    /**
     * The route's use case finds what an earlier run of the same keyed request wrote (by `requestRefOf`) and
     * finishes it instead of starting again, so a retry after a crash may run it once more.
     */
    resumesByRequestRef?: boolean;
    /**
     * For a route anyone holding a link may call (no caller): the scope its keys live in, named after the link,
     * so the same key on two links is two requests.
     */
    keyScopeWithoutCaller?: (request: FastifyRequest) => string;
  }
}

const mutatingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface IdempotencySettings {
  responseSeal: ResponseSeal;
  abandonedAfter: Temporal.Duration;
}

/** The keyed request a use case's writes belong to, or null when the caller sent no Idempotency-Key. */
export function requestRefOf(request: FastifyRequest): string | null {
  return request.idempotency?.ref ?? null;
}

type StoreDeps = Pick<BillingDeps, 'db' | 'clock'>;

export function registerIdempotency(app: FastifyInstance, deps: StoreDeps, settings: IdempotencySettings): void {
  app.decorateRequest('idempotency', null);

  // Callback style, so that the handler runs inside withCommitGuard (an async hook could not wrap it).
  app.addHook('preHandler', (request, reply, done) => {
    claimKey(request, deps, settings).then(
      (outcome) => {
        if (outcome.kind === 'replay') {
          const kept = outcome;
          replay(reply, kept.status, kept.contentType, kept.body);
          return;
        }
        if (outcome.kind === 'unkeyed') return done();
        request.idempotency = outcome.claim;
        bindWritesToKey(outcome.claim, done);
      },
      (error: Error) => done(error),
    );
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    const status = reply.statusCode;
    // A refusal of the input, a rate limit (retry after the wait) or our own failure, before anything committed:
    // the key is not used up.
    if ((status === 400 || status === 429 || status >= 500) && (await releaseUncommitted(deps.db, claim)))
      return payload;
    if (status >= 500) {
      // Something committed: never run again; the next retry resumes it (or is told it was carried out).
      await giveUpClaim(deps.db, claim, toDate(deps.clock.now()));
      return payload;
    }
    await keepAnswer(deps.db, claim, {
      status,
      body:
        payload == null ? null : settings.responseSeal.seal(typeof payload === 'string' ? payload : String(payload)),
      contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
      at: toDate(deps.clock.now()),
    });
    return payload;
  });
}

type ClaimOutcome =
  | { kind: 'unkeyed' }
  | { kind: 'run'; claim: RunClaim & { ref: string } }
  | { kind: 'replay'; status: number; contentType: string | null; body: string | null };

async function claimKey(
  request: FastifyRequest,
  deps: StoreDeps,
  settings: IdempotencySettings,
): Promise<ClaimOutcome> {
  const key = request.headers['idempotency-key'];
  const linkScope = request.routeOptions.config.keyScopeWithoutCaller;
  if (!mutatingMethods.has(request.method) || typeof key !== 'string') return { kind: 'unkeyed' };
  if (!request.actor && !linkScope) return { kind: 'unkeyed' };
  if (key.length === 0 || key.length > 255) {
    throw new BillingError('invalid_request', 'Idempotency-Key must be 1 to 255 characters.', {
      param: 'Idempotency-Key',
    });
  }
  const scope = request.actor || !linkScope ? await scopeOf(deps.db, request) : `link:${linkScope(request)}`;
  const claim = {
    scope,
    key,
    token: randomUUID(),
    ref: createHash('sha256').update(`${scope}\n${key}`).digest('hex'),
  };
  const fingerprint = fingerprintOf(request);
  const now = deps.clock.now();

  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (await claimNewKey(deps.db, claim, fingerprint, toDate(now))) return { kind: 'run', claim };
    const kept = await findKeptRequest(deps.db, scope, key);
    if (!kept) continue; // forgotten between the two statements: claim it afresh
    const decision = decideRetry(
      {
        state: kept.state,
        fingerprint: kept.request_fingerprint,
        createdAt: toInstant(kept.created_at),
        claimedAt: kept.given_up_at === null ? toInstant(kept.claimed_at ?? kept.created_at) : null,
      },
      {
        now,
        fingerprint,
        retention: idempotencyRetention,
        abandonedAfter: settings.abandonedAfter,
        resumable: request.routeOptions.config.resumesByRequestRef === true,
      },
    );
    switch (decision.kind) {
      case 'expired':
        await forgetExpired(deps.db, scope, key, toDate(now.subtract(idempotencyRetention)));
        continue;
      case 'reused':
        throw new BillingError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
          { param: 'Idempotency-Key' },
        );
      case 'replay':
        return {
          kind: 'replay',
          status: kept.response_status ?? 200,
          contentType: kept.response_content_type,
          body: kept.response_body === null ? null : settings.responseSeal.open(kept.response_body),
        };
      case 'in_progress':
        throw inProgress();
      case 'take_over':
        if (await takeOver(deps.db, claim, kept.claim_token, toDate(now))) return { kind: 'run', claim };
        throw inProgress();
      case 'unanswered':
        throw new BillingError(
          'idempotency_key_unanswered',
          'A request with this Idempotency-Key was carried out, but the server stopped before answering it. ' +
            'It will not run again: look its result up (for example in the invoice list) instead of retrying.',
          { param: 'Idempotency-Key' },
        );
    }
  }
  throw inProgress();
}

/**
 * Keys are scoped to the workspace a route names and to the caller in it: the same key in two workspaces is two
 * requests, and one member's answer is never replayed to another.
 */
async function scopeOf(db: BillingDeps['db'], request: FastifyRequest): Promise<string> {
  const actor = request.actor;
  if (!actor) throw new Error('an idempotent request needs a caller');
  if (actor.kind === 'api_key') return `key:${actor.keyId}`;
  const caller = `user:${actor.userId}`;
  const ref = (request.params as { ws?: unknown } | undefined)?.ws;
  if (typeof ref !== 'string') return caller;
  const workspace = await findWorkspaceByRef(db, ref);
  return `ws:${workspace?.id ?? ref}/${caller}`;
}

function fingerprintOf(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

function replay(reply: FastifyReply, status: number, contentType: string | null, body: string | null) {
  reply.status(status).header('idempotent-replayed', 'true');
  if (contentType) reply.header('content-type', contentType);
  return reply.send(body ?? '');
}

function inProgress(): BillingError {
  return new BillingError(
    'idempotency_key_in_progress',
    'A request with this Idempotency-Key is still being processed. Retry after it finishes.',
    { param: 'Idempotency-Key' },
  );
}
