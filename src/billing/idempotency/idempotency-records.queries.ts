// SQL of the Idempotency-Key store (idempotency_record): claiming a key for a run, taking an abandoned run over,
// the in-transaction mark that a run committed something, keeping or releasing the answer, purging old records.
import { sql } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';

export interface RunClaim {
  scope: string;
  key: string;
  token: string;
}

/** Claims a key never seen (or forgotten): true when this run now holds it. */
export async function claimNewKey(db: BillfoldDb, claim: RunClaim, fingerprint: string, now: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotency_record')
    .values({
      actor_key: claim.scope,
      idempotency_key: claim.key,
      request_fingerprint: fingerprint,
      state: 'running',
      claim_token: claim.token,
      claimed_at: now,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['actor_key', 'idempotency_key']).doNothing())
    .returning('idempotency_key')
    .executeTakeFirst();
  return inserted !== undefined;
}

export function findKeptRequest(db: BillfoldDb, scope: string, key: string) {
  return db
    .selectFrom('idempotency_record')
    .selectAll()
    .where('actor_key', '=', scope)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/** Forgets a record past its retention, so the key can be claimed anew. */
export async function forgetExpired(db: BillfoldDb, scope: string, key: string, expiredBefore: Date): Promise<void> {
  await db
    .deleteFrom('idempotency_record')
    .where('actor_key', '=', scope)
    .where('idempotency_key', '=', key)
    .where('created_at', '<=', expiredBefore)
    .execute();
}

/** Takes an abandoned run's key for a new run; false when another retry took it first. */
export async function takeOver(
  db: BillfoldDb,
  claim: RunClaim,
  previousToken: string | null,
  now: Date,
): Promise<boolean> {
  const taken = await db
    .updateTable('idempotency_record')
    .set({ claim_token: claim.token, claimed_at: now, given_up_at: null })
    .where('actor_key', '=', claim.scope)
    .where('idempotency_key', '=', claim.key)
    .where('state', '!=', 'completed')
    .where((eb) => (previousToken === null ? eb('claim_token', 'is', null) : eb('claim_token', '=', previousToken)))
    .returning('idempotency_key')
    .executeTakeFirst();
  return taken !== undefined;
}

/**
 * In the run's own transaction: marks that it committed something. No row means another run took the key over
 * (this one was thought dead), and the caller must roll back.
 */
export async function markCommitted(trx: BillfoldTransaction, claim: RunClaim): Promise<boolean> {
  const marked = await trx
    .updateTable('idempotency_record')
    .set({ state: sql<'committed'>`case when state = 'running' then 'committed' else state end` })
    .where('actor_key', '=', claim.scope)
    .where('idempotency_key', '=', claim.key)
    .where('claim_token', '=', claim.token)
    .returning('idempotency_key')
    .executeTakeFirst();
  return marked !== undefined;
}

/** Frees the key of a run that committed nothing; true when it did (the key is free again). */
export async function releaseUncommitted(db: BillfoldDb, claim: RunClaim): Promise<boolean> {
  const released = await db
    .deleteFrom('idempotency_record')
    .where('actor_key', '=', claim.scope)
    .where('idempotency_key', '=', claim.key)
    .where('claim_token', '=', claim.token)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return released.numDeletedRows > 0n;
}

/** A run that committed something and then failed gives up its claim: the next retry may resume at once. */
export async function giveUpClaim(db: BillfoldDb, claim: RunClaim, now: Date): Promise<void> {
  await db
    .updateTable('idempotency_record')
    .set({ given_up_at: now })
    .where('actor_key', '=', claim.scope)
    .where('idempotency_key', '=', claim.key)
    .where('claim_token', '=', claim.token)
    .execute();
}

export async function keepAnswer(
  db: BillfoldDb,
  claim: RunClaim,
  answer: { status: number; body: string | null; contentType: string; at: Date },
): Promise<void> {
  await db
    .updateTable('idempotency_record')
    .set({
      state: 'completed',
      response_status: answer.status,
      response_body: answer.body,
      response_content_type: answer.contentType,
      completed_at: answer.at,
    })
    .where('actor_key', '=', claim.scope)
    .where('idempotency_key', '=', claim.key)
    .where('claim_token', '=', claim.token)
    .execute();
}

/** Deletes the records created at or before `cutoff`; returns how many. */
export async function purgeIdempotencyRecordsBefore(db: BillfoldDb, cutoff: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_record').where('created_at', '<=', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
