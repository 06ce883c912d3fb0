// Writes a billing event to the outbox inside the caller's transaction, so the event exists exactly when the
// change does; delivery to webhook endpoints reads the outbox later.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { Clock } from '../../domain/clock.ts';
import { toDate } from '../../domain/clock.ts';
import { insertOutboxEvents } from './outbox.queries.ts';

/** Every event type Billfold writes; the OpenAPI document describes each (src/http/event-docs.ts). */
export const billingEventTypes = [
  'payment_method.attached',
  'payment_method.default_changed',
  'payment_method.removed',
  'billing_details.updated',
  'invoice.finalized',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.payment_action_required',
  'invoice.voided',
  'invoice.marked_uncollectible',
  'invoice.refunded',
  'credit_note.created',
  'customer.balance.updated',
  'subscription.created',
  'subscription.updated',
  'subscription.canceled',
  'subscription.trial_will_end',
  'seats.updated',
  'credits.granted',
  'credits.consumed',
  'credits.low_balance',
  'credits.depleted',
  'customer.discount.created',
  // Sent on request to one endpoint only (src/billing/webhooks/send-test-event.ts); never recorded by a change.
  'webhook_endpoint.test',
] as const;

export type BillingEventType = (typeof billingEventTypes)[number];

/**
 * What an event carries (DESIGN.md §4, like Stripe's): the resource as the API answers it at that moment, and the
 * old values of the fields the change touched.
 */
export interface EventData {
  object: unknown;
  previous?: Record<string, unknown>;
}

export interface BillingEvent {
  workspaceId: string;
  type: BillingEventType;
  data: EventData;
}

export async function recordEvent(trx: BillfoldTransaction, clock: Clock, event: BillingEvent): Promise<void> {
  await recordEvents(trx, clock, [event]);
}

/** Several events in one statement (a batch of renewals), in their order. */
export async function recordEvents(
  trx: BillfoldTransaction,
  clock: Clock,
  events: readonly BillingEvent[],
): Promise<void> {
  await insertOutboxEvents(trx, events, toDate(clock.now()));
}
