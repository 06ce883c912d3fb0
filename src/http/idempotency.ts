// Idempotency-Key handling for every mutating /v1 route, stored in Postgres so any process can replay:
// a replay returns the first response with Idempotent-Replayed: true; the same key with another request
// is 422; while the first is still running, 409. Records live 24 hours; stored responses are sealed.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BillfoldDb } from '../db/connection.ts';
import type { Clock } from '../domain/clock.ts';
import { toDate } from '../domain/clock.ts';
import { BillingError } from '../domain/errors.ts';
import { abandonedRequestAfter, idempotencyRetention } from '../domain/idempotency/retention.ts';
import type { ResponseSeal } from './sealed-response.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyRecord: { actorKey: string; key: string } | null;
  }
}

const mutatingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerIdempotency(
  app: FastifyInstance,
  deps: { db: BillfoldDb; clock: Clock },
  responseSeal: ResponseSeal,
): void {
  app.decorateRequest('idempotencyRecord', null);

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (!mutatingMethods.has(request.method) || typeof key !== 'string' || !request.actor) return;
    if (key.length === 0 || key.length > 255) {
      throw new BillingError('invalid_request', 'Idempotency-Key must be 1 to 255 characters.', {
        param: 'Idempotency-Key',
      });
    }
    const actorKey = request.actor.kind === 'user' ? `user:${request.actor.userId}` : `key:${request.actor.keyId}`;
    const fingerprint = fingerprintOf(request);
    const now = deps.clock.now();

    const claimed = await claim(deps.db, actorKey, key, fingerprint, toDate(now));
    if (claimed) {
      request.idempotencyRecord = { actorKey, key };
      return;
    }
    const existing = await deps.db
      .selectFrom('idempotency_record')
      .selectAll()
      .where('actor_key', '=', actorKey)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    const expired = !existing || existing.created_at.getTime() <= now.subtract(idempotencyRetention).epochMilliseconds;
    if (!expired && existing.request_fingerprint !== fingerprint) {
      throw new BillingError(
        'idempotency_key_reused',
        'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
        { param: 'Idempotency-Key' },
      );
    }
    const abandoned =
      existing?.state === 'running' &&
      existing.created_at.getTime() <= now.subtract(abandonedRequestAfter).epochMilliseconds;
    if (expired || abandoned) {
      // Expired, removed between our two statements, or left running by a process that died: start over.
      await deps.db
        .deleteFrom('idempotency_record')
        .where('actor_key', '=', actorKey)
        .where('idempotency_key', '=', key)
        .where((eb) =>
          eb.or([
            eb('created_at', '<=', toDate(now.subtract(idempotencyRetention))),
            eb.and([eb('state', '=', 'running'), eb('created_at', '<=', toDate(now.subtract(abandonedRequestAfter)))]),
          ]),
        )
        .execute();
      if (await claim(deps.db, actorKey, key, fingerprint, toDate(now))) {
        request.idempotencyRecord = { actorKey, key };
        return;
      }
      throw inProgress();
    }
    if (existing.state === 'running') throw inProgress();
    const body = existing.response_body === null ? null : responseSeal.open(existing.response_body);
    return replay(reply, existing.response_status ?? 200, existing.response_content_type, body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const record = request.idempotencyRecord;
    if (!record) return payload;
    if (reply.statusCode >= 500) {
      // Our failure, not the client's: forget the key so a retry runs the request again.
      await deps.db
        .deleteFrom('idempotency_record')
        .where('actor_key', '=', record.actorKey)
        .where('idempotency_key', '=', record.key)
        .execute();
      return payload;
    }
    await deps.db
      .updateTable('idempotency_record')
      .where('actor_key', '=', record.actorKey)
      .where('idempotency_key', '=', record.key)
      .set({
        state: 'completed',
        response_status: reply.statusCode,
        response_body:
          payload == null ? null : responseSeal.seal(typeof payload === 'string' ? payload : String(payload)),
        response_content_type: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
        completed_at: toDate(deps.clock.now()),
      })
      .execute();
    return payload;
  });
}

async function claim(db: BillfoldDb, actorKey: string, key: string, fingerprint: string, now: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotency_record')
    .values({
      actor_key: actorKey,
      idempotency_key: key,
      request_fingerprint: fingerprint,
      state: 'running',
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['actor_key', 'idempotency_key']).doNothing())
    .returning('idempotency_key')
    .executeTakeFirst();
  return inserted !== undefined;
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
