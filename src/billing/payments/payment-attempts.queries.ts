// SQL for payment attempts, mapped to the PaymentAttempt the use cases see. An attempt's id is also the gateway's
// idempotency key. The stored columns keep their vocabulary (status succeeded | failed | requires_action,
// failure_code, failure_message, next_action_url): the port's outcome is mapped to them here, and only here.
import { sql } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';
import type { PaymentAttemptStatus } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { ChargeOutcome } from '../../gateways/payment-gateway.ts';

export interface PaymentAttempt {
  id: string;
  invoiceId: string;
  workspaceId: string;
  paymentMethodId: string;
  amount: number;
  currency: string;
  status: PaymentAttemptStatus;
}

/** An attempt still waiting for its outcome: pending, or waiting for the cardholder. */
export type UnresolvedAttempt = PaymentAttempt & { status: 'pending' | 'requires_action' };

/** An outcome the processor gave (a `retryable` one is never recorded: the attempt stays pending). */
export type AnsweredCharge = Exclude<ChargeOutcome, { status: 'retryable' }>;

type Db = BillfoldDb | BillfoldTransaction;

const attemptColumns = [
  'payment_attempt.id',
  'payment_attempt.invoice_id',
  'payment_attempt.workspace_id',
  'payment_attempt.payment_method_id',
  'payment_attempt.amount',
  'payment_attempt.currency',
  'payment_attempt.status',
] as const;

interface AttemptRow {
  id: string;
  invoice_id: string;
  workspace_id: string;
  payment_method_id: string;
  amount: number;
  currency: string;
  status: PaymentAttemptStatus;
}

function attemptOf(row: AttemptRow): PaymentAttempt {
  return {
    id: row.id,
    invoiceId: row.invoice_id,
    workspaceId: row.workspace_id,
    paymentMethodId: row.payment_method_id,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
  };
}

/** The invoice's attempt still waiting for an outcome, if any (the partial unique index allows one). */
export async function unresolvedAttemptOf(
  trx: BillfoldTransaction,
  invoiceId: string,
): Promise<UnresolvedAttempt | undefined> {
  const row = await trx
    .selectFrom('payment_attempt')
    .select(attemptColumns)
    .where('invoice_id', '=', invoiceId)
    .where('status', 'in', ['pending', 'requires_action'])
    .executeTakeFirst();
  if (!row) return undefined;
  const attempt = attemptOf(row);
  return attempt.status === 'pending' || attempt.status === 'requires_action'
    ? { ...attempt, status: attempt.status }
    : undefined;
}

export interface NewPendingAttempt {
  id: string;
  invoiceId: string;
  workspaceId: string;
  paymentMethodId: string;
  amount: number;
  currency: string;
  createdAt: Date;
  requestRef: string | null;
}

/** Records step 1's pending attempt; a second unresolved attempt of the invoice fails on the unique index. */
export async function insertPendingAttempt(
  trx: BillfoldTransaction,
  attempt: NewPendingAttempt,
): Promise<PaymentAttempt> {
  const [inserted] = await insertPendingAttempts(trx, [attempt]);
  if (!inserted) throw new Error(`Attempt ${attempt.id} was not recorded`);
  return inserted;
}

/** Several pending attempts in one statement (a batch of renewals), in the order given. */
export async function insertPendingAttempts(
  trx: BillfoldTransaction,
  attempts: readonly NewPendingAttempt[],
): Promise<PaymentAttempt[]> {
  if (attempts.length === 0) return [];
  const rows = await trx
    .insertInto('payment_attempt')
    .values(
      attempts.map((attempt) => ({
        id: attempt.id,
        invoice_id: attempt.invoiceId,
        workspace_id: attempt.workspaceId,
        payment_method_id: attempt.paymentMethodId,
        amount: attempt.amount,
        currency: attempt.currency,
        status: 'pending' as const,
        created_at: attempt.createdAt,
        request_ref: attempt.requestRef,
      })),
    )
    .returning(attemptColumns)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, attemptOf(row)]));
  return attempts.map((attempt) => byId.get(attempt.id) as PaymentAttempt);
}

/** The attempt, locked until the transaction ends: whoever holds it records the outcome once. */
export async function lockAttempt(trx: BillfoldTransaction, attemptId: string): Promise<PaymentAttempt> {
  return attemptOf(
    await trx
      .selectFrom('payment_attempt')
      .select(attemptColumns)
      .where('id', '=', attemptId)
      .forUpdate()
      .executeTakeFirstOrThrow(),
  );
}

/** Several attempts, locked (a batch of outcomes), by id. */
export async function lockAttempts(
  trx: BillfoldTransaction,
  attemptIds: readonly string[],
): Promise<Map<string, PaymentAttempt>> {
  if (attemptIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('payment_attempt')
    .select(attemptColumns)
    .where('id', 'in', attemptIds)
    .orderBy('id')
    .forUpdate()
    .execute();
  return new Map(rows.map((row) => [row.id, attemptOf(row)]));
}

/** The stored status of an outcome: a declined charge is a `failed` attempt. */
export function attemptStatusOf(outcome: AnsweredCharge): 'succeeded' | 'failed' | 'requires_action' {
  switch (outcome.status) {
    case 'succeeded':
      return 'succeeded';
    case 'declined':
      return 'failed';
    case 'requires_action':
      return 'requires_action';
  }
}

/** Writes succeeded charges onto their attempts, in one statement (a batch of outcomes). */
export async function recordSucceededAttempts(
  trx: BillfoldTransaction,
  charges: readonly { attemptId: string; chargeRef: string }[],
  resolvedAt: Date,
): Promise<void> {
  if (charges.length === 0) return;
  const values = sql.join(charges.map((c) => sql`(${c.attemptId}::text, ${c.chargeRef}::text)`));
  await sql`update payment_attempt set status = 'succeeded', gateway_charge_ref = v.ref, next_action_url = null,
      failure_code = null, failure_message = null, resolved_at = ${resolvedAt}
    from (values ${values}) as v(id, ref) where payment_attempt.id = v.id`.execute(trx);
}

/** Writes the processor's answer onto the attempt; one waiting for the cardholder stays unresolved. */
export async function recordAttemptOutcome(
  trx: BillfoldTransaction,
  attemptId: string,
  outcome: AnsweredCharge,
  resolvedAt: Date,
): Promise<void> {
  await trx
    .updateTable('payment_attempt')
    .set({
      status: attemptStatusOf(outcome),
      gateway_charge_ref: outcome.ref,
      next_action_url: outcome.status === 'requires_action' ? outcome.nextActionUrl : null,
      failure_code: outcome.status === 'declined' ? outcome.code : null,
      failure_message: outcome.status === 'declined' ? outcome.message : null,
      resolved_at: outcome.status === 'requires_action' ? null : resolvedAt,
    })
    .where('id', '=', attemptId)
    .execute();
}

/** The invoice an earlier run of the keyed request paid, if it started an attempt. */
export async function findAttemptOfRequest(
  trx: BillfoldTransaction,
  workspaceId: string,
  requestRef: string,
): Promise<{ invoiceId: string } | undefined> {
  const row = await trx
    .selectFrom('payment_attempt')
    .select('invoice_id')
    .where('workspace_id', '=', workspaceId)
    .where('request_ref', '=', requestRef)
    .executeTakeFirst();
  return row && { invoiceId: row.invoice_id };
}

/** An attempt with what it takes to send its charge (again): the card's gateway ref and the invoice's number. */
export interface ChargeableAttempt extends PaymentAttempt {
  gatewayRef: string;
  invoiceNumber: string | null;
  failureMessage: string | null;
}

function chargeableAttemptsQuery(db: Db) {
  return db
    .selectFrom('payment_attempt')
    .innerJoin('payment_method', 'payment_method.id', 'payment_attempt.payment_method_id')
    .innerJoin('invoice', 'invoice.id', 'payment_attempt.invoice_id')
    .select([...attemptColumns, 'payment_attempt.failure_message', 'payment_method.gateway_ref', 'invoice.number']);
}

function chargeableAttemptOf(
  row: AttemptRow & { failure_message: string | null; gateway_ref: string; number: string | null },
): ChargeableAttempt {
  return {
    ...attemptOf(row),
    gatewayRef: row.gateway_ref,
    invoiceNumber: row.number,
    failureMessage: row.failure_message,
  };
}

/** The invoice's latest attempt with the card it was made on. */
export async function latestAttemptOf(
  trx: BillfoldTransaction,
  invoiceId: string,
): Promise<ChargeableAttempt | undefined> {
  const row = await chargeableAttemptsQuery(trx)
    .where('payment_attempt.invoice_id', '=', invoiceId)
    .orderBy('payment_attempt.created_at', 'desc')
    .orderBy('payment_attempt.id', 'desc')
    .executeTakeFirst();
  return row && chargeableAttemptOf(row);
}

/** Attempts still pending since before `cutoff`, oldest first: left so by a crash or a processor that did not answer. */
export async function strandedAttempts(db: BillfoldDb, cutoff: Date, limit: number): Promise<ChargeableAttempt[]> {
  const rows = await chargeableAttemptsQuery(db)
    .where('payment_attempt.status', '=', 'pending')
    .where('payment_attempt.created_at', '<=', cutoff)
    .orderBy('payment_attempt.created_at')
    .limit(limit)
    .execute();
  return rows.map(chargeableAttemptOf);
}
