// The sandbox gateway: a persistent, deterministic card processor in test mode. It tokenizes cards typed into
// the card form (keeping only brand, last 4, expiry and the test behaviour), attaches them, and charges and
// refunds them once per idempotency key, like a real processor's test mode. `sandboxProcessor` is the processor
// itself, answering with its own charge records (as a real processor's API does); `sandboxGateway` is the adapter
// that puts it behind the PaymentGateway port, turning each record into a ChargeOutcome.
import { Temporal } from 'temporal-polyfill';
import type { BillfoldDb } from '../../db/connection.ts';
import type { SandboxChargeTable } from '../../db/tables.ts';
import type { Clock } from '../../domain/clock.ts';
import { toDate } from '../../domain/clock.ts';
import { newId } from '../../domain/ids.ts';
import type {
  AttachResult,
  CardSummary,
  ChargeOutcome,
  ChargeRequest,
  GatewayDecline,
  GatewayRefund,
  PaymentGateway,
  RefundRequest,
} from '../payment-gateway.ts';
import {
  attachDeclineFor,
  behaviorOf,
  brandOf,
  type CardBehavior,
  type CardInput,
  type CardProblem,
  cardProblem,
  declines,
  normalizeCardNumber,
  normalizeExpYear,
} from './test-cards.ts';

export interface SandboxDeps {
  db: BillfoldDb;
  clock: Clock;
  /** Public origin, for the authentication (3-D Secure) confirm URL of a charge. */
  baseUrl: string;
}

/** A charge as the sandbox processor keeps and reports it. */
export interface SandboxCharge {
  ref: string;
  idempotencyKey: string;
  status: SandboxChargeTable['status'];
  amount: number;
  currency: string;
  /** Set when status is failed. */
  decline: GatewayDecline | null;
  /** Set when status is requires_action: where the cardholder confirms the payment (3-D Secure). */
  nextActionUrl: string | null;
}

/** The processor's own API: the port's operations, answering with its charge records. */
export interface SandboxProcessor extends Omit<PaymentGateway, 'charge' | 'findCharge' | 'cancelCharge'> {
  charge(request: ChargeRequest): Promise<SandboxCharge>;
  findCharge(idempotencyKey: string): Promise<SandboxCharge | null>;
  cancelCharge(idempotencyKey: string): Promise<SandboxCharge | null>;
}

export type TokenizeResult =
  | { ok: true; token: { id: string; card: CardSummary } }
  | { ok: false; problem: CardProblem };

/** The tokenization endpoint's work: check the card as typed and hand back a single-use token. */
export async function tokenizeCard(deps: SandboxDeps, typed: CardInput): Promise<TokenizeResult> {
  const card = { ...typed, number: normalizeCardNumber(typed.number), expYear: normalizeExpYear(typed.expYear) };
  const today = deps.clock.now().toZonedDateTimeISO('UTC');
  const problem = cardProblem(card, { year: today.year, month: today.month });
  if (problem) return { ok: false, problem };
  const summary: CardSummary = {
    brand: brandOf(card.number),
    last4: card.number.slice(-4),
    expMonth: card.expMonth,
    expYear: card.expYear,
  };
  const id = newId('tok');
  await deps.db
    .insertInto('sandbox_token')
    .values({
      id,
      brand: summary.brand,
      last4: summary.last4,
      exp_month: summary.expMonth,
      exp_year: summary.expYear,
      behavior: behaviorOf(card.number),
      created_at: toDate(deps.clock.now()),
    })
    .execute();
  return { ok: true, token: { id, card: summary } };
}

/** The cardholder completes authentication (the bank's 3-D Secure step): the charge goes through. */
export async function confirmSandboxCharge(deps: SandboxDeps, chargeRef: string): Promise<SandboxCharge | null> {
  const updated = await deps.db
    .updateTable('sandbox_charge')
    .set({ status: 'succeeded', updated_at: toDate(deps.clock.now()) })
    .where('id', '=', chargeRef)
    .where('status', '=', 'requires_action')
    .returningAll()
    .executeTakeFirst();
  const row =
    updated ?? (await deps.db.selectFrom('sandbox_charge').selectAll().where('id', '=', chargeRef).executeTakeFirst());
  return row ? chargeOf(deps, row) : null;
}

/** The sandbox behind the PaymentGateway port. It never answers `retryable`: it runs in this process. */
export function sandboxGateway(deps: SandboxDeps): PaymentGateway {
  const processor = sandboxProcessor(deps);
  return {
    name: processor.name,
    attach: (token) => processor.attach(token),
    charge: async (request) => chargeOutcomeOf(await processor.charge(request)),
    findCharge: async (idempotencyKey) => outcomeOrNull(await processor.findCharge(idempotencyKey)),
    cancelCharge: async (idempotencyKey) => outcomeOrNull(await processor.cancelCharge(idempotencyKey)),
    refund: (request) => processor.refund(request),
  };
}

/** A sandbox charge record as the port's outcome. */
export function chargeOutcomeOf(charge: SandboxCharge): ChargeOutcome {
  switch (charge.status) {
    case 'succeeded':
      return { status: 'succeeded', ref: charge.ref };
    case 'failed':
      return {
        status: 'declined',
        ref: charge.ref,
        code: charge.decline?.code ?? 'card_declined',
        message: charge.decline?.message ?? 'The charge failed.',
      };
    case 'requires_action':
      if (!charge.nextActionUrl) throw new Error(`Sandbox charge ${charge.ref} requires action but has no URL`);
      return { status: 'requires_action', ref: charge.ref, nextActionUrl: charge.nextActionUrl };
  }
}

function outcomeOrNull(charge: SandboxCharge | null): ChargeOutcome | null {
  return charge ? chargeOutcomeOf(charge) : null;
}

export function sandboxProcessor(deps: SandboxDeps): SandboxProcessor {
  return {
    name: 'sandbox',

    async attach(token: string): Promise<AttachResult> {
      const now = toDate(deps.clock.now());
      const claimed = await deps.db
        .updateTable('sandbox_token')
        .set({ used_at: now })
        .where('id', '=', token)
        .where('used_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!claimed) {
        const exists = await deps.db
          .selectFrom('sandbox_token')
          .select('id')
          .where('id', '=', token)
          .executeTakeFirst();
        return exists
          ? { ok: false, decline: { code: 'token_already_used', message: 'This card token was already used.' } }
          : {
              ok: false,
              decline: { code: 'invalid_token', message: 'The card token is unknown. Enter the card again.' },
            };
      }
      const decline = attachDeclineFor(claimed.behavior as CardBehavior);
      if (decline) return { ok: false, decline };
      const id = newId('card');
      await deps.db
        .insertInto('sandbox_card')
        .values({
          id,
          token_id: claimed.id,
          brand: claimed.brand,
          last4: claimed.last4,
          exp_month: claimed.exp_month,
          exp_year: claimed.exp_year,
          behavior: claimed.behavior,
          created_at: now,
        })
        .execute();
      return {
        ok: true,
        card: {
          gatewayRef: id,
          brand: claimed.brand,
          last4: claimed.last4,
          expMonth: claimed.exp_month,
          expYear: claimed.exp_year,
        },
      };
    },

    async charge(request: ChargeRequest): Promise<SandboxCharge> {
      const card = await deps.db
        .selectFrom('sandbox_card')
        .selectAll()
        .where('id', '=', request.gatewayRef)
        .executeTakeFirst();
      if (!card) {
        const existing = await findByKey(deps, request.idempotencyKey);
        if (existing) return existing;
        throw new Error(`The sandbox holds no card ${request.gatewayRef}`);
      }
      const now = toDate(deps.clock.now());
      const outcome = chargeOutcome(card, deps.clock);
      // A key seen before (or sent twice at once) inserts nothing: the first charge is the answer, unchanged.
      const row = await deps.db
        .insertInto('sandbox_charge')
        .values({
          id: newId('ch'),
          idempotency_key: request.idempotencyKey,
          card_id: card.id,
          amount: request.amount,
          currency: request.currency,
          description: request.description,
          status: outcome.status,
          failure_code: outcome.decline?.code ?? null,
          failure_message: outcome.decline?.message ?? null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (row) return chargeOf(deps, row);
      const first = await findByKey(deps, request.idempotencyKey);
      if (!first) throw new Error(`The sandbox lost the charge of key ${request.idempotencyKey}`);
      return first;
    },

    findCharge: (idempotencyKey) => findByKey(deps, idempotencyKey),

    async cancelCharge(idempotencyKey: string): Promise<SandboxCharge | null> {
      // One statement, so a confirmation racing the cancel either wins (succeeded) or finds the charge failed.
      await deps.db
        .updateTable('sandbox_charge')
        .set({
          status: 'failed',
          failure_code: 'payment_canceled',
          failure_message: 'The payment was not confirmed in time and was canceled.',
          updated_at: toDate(deps.clock.now()),
        })
        .where('idempotency_key', '=', idempotencyKey)
        .where('status', '=', 'requires_action')
        .execute();
      return findByKey(deps, idempotencyKey);
    },

    async refund(request: RefundRequest): Promise<GatewayRefund> {
      return deps.db.transaction().execute(async (trx) => {
        const previous = await trx
          .selectFrom('sandbox_refund')
          .selectAll()
          .where('idempotency_key', '=', request.idempotencyKey)
          .executeTakeFirst();
        if (previous) return { ref: previous.id, chargeRef: previous.charge_id, amount: previous.amount };
        const charge = await trx
          .selectFrom('sandbox_charge')
          .selectAll()
          .where('id', '=', request.chargeRef)
          .forUpdate()
          .executeTakeFirst();
        if (charge?.status !== 'succeeded') throw new Error(`Charge ${request.chargeRef} cannot be refunded`);
        if (request.amount <= 0 || request.amount > charge.amount - charge.amount_refunded) {
          throw new Error(`Refund of ${request.amount} exceeds what is left of charge ${charge.id}`);
        }
        const now = toDate(deps.clock.now());
        const id = newId('re');
        await trx
          .insertInto('sandbox_refund')
          .values({
            id,
            idempotency_key: request.idempotencyKey,
            charge_id: charge.id,
            amount: request.amount,
            created_at: now,
          })
          .execute();
        await trx
          .updateTable('sandbox_charge')
          .set({ amount_refunded: charge.amount_refunded + request.amount, updated_at: now })
          .where('id', '=', charge.id)
          .execute();
        return { ref: id, chargeRef: charge.id, amount: request.amount };
      });
    },
  };
}

function chargeOutcome(
  card: { behavior: string; exp_year: number; exp_month: number },
  clock: Clock,
): { status: SandboxChargeTable['status']; decline: { code: string; message: string } | null } {
  const thisMonth = clock.now().toZonedDateTimeISO('UTC').toPlainDate().toPlainYearMonth();
  const expiry = Temporal.PlainYearMonth.from({ year: card.exp_year, month: card.exp_month });
  if (Temporal.PlainYearMonth.compare(expiry, thisMonth) < 0) {
    return { status: 'failed', decline: { code: 'expired_card', message: 'Your card has expired.' } };
  }
  switch (card.behavior as CardBehavior) {
    case 'succeeds':
      return { status: 'succeeded', decline: null };
    case 'requires_authentication':
      return { status: 'requires_action', decline: null };
    case 'insufficient_funds':
      return { status: 'failed', decline: declines.insufficientFunds };
    case 'declined':
    case 'charges_fail':
      return { status: 'failed', decline: declines.declined };
  }
}

async function findByKey(deps: SandboxDeps, idempotencyKey: string): Promise<SandboxCharge | null> {
  const row = await deps.db
    .selectFrom('sandbox_charge')
    .selectAll()
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
  return row ? chargeOf(deps, row) : null;
}

function chargeOf(
  deps: SandboxDeps,
  row: {
    id: string;
    idempotency_key: string;
    status: SandboxChargeTable['status'];
    amount: number;
    currency: string;
    failure_code: string | null;
    failure_message: string | null;
  },
): SandboxCharge {
  return {
    ref: row.id,
    idempotencyKey: row.idempotency_key,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    decline:
      row.status === 'failed'
        ? { code: row.failure_code ?? 'card_declined', message: row.failure_message ?? 'The charge failed.' }
        : null,
    nextActionUrl: row.status === 'requires_action' ? `${deps.baseUrl}/sandbox/v1/charges/${row.id}/confirm` : null,
  };
}
