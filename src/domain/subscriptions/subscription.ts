// A workspace's subscription as the domain sees it (no table row, Temporal.Instant throughout): its status, the
// price and seats it is bought at, its current period, what is scheduled for the period end, and its dunning.
import type { Temporal } from 'temporal-polyfill';
import type { BillingPeriod } from './billing-period.ts';
import type { SubscriptionPrice } from './subscription-price.ts';

export type SubscriptionStatus = 'incomplete' | 'trialing' | 'active' | 'past_due' | 'canceled';

/** At the renewal the subscription moves to this price and seats: a plan change, a seat decrease, or both. */
export interface ScheduledPriceChange {
  kind: 'change';
  price: SubscriptionPrice;
  seats: number | null;
}

/** At the period end the subscription ends and the workspace moves to a plan without one (Flex): not a cancel. */
export interface ScheduledPlanSwitch {
  kind: 'switch';
  planId: string;
}

/** Cancel at the period end (the workspace returns to Free); the change scheduled before it waits for Resume. */
export interface ScheduledCancel {
  kind: 'cancel';
  keptForResume: ScheduledPriceChange | ScheduledPlanSwitch | null;
}

/** What happens at the period end besides renewing as is: one value, so no two of them can disagree. */
export type PeriodEndChange = ScheduledPriceChange | ScheduledPlanSwitch | ScheduledCancel;

/** The trial a subscription started with: when it ends, and whether its end was announced (once per trial). */
export interface SubscriptionTrial {
  end: Temporal.Instant;
  endAnnounced: boolean;
}

export interface Subscription {
  id: string;
  workspaceId: string;
  status: SubscriptionStatus;
  price: SubscriptionPrice;
  /** Seats bought, on per-seat prices; null otherwise. */
  seats: number | null;
  anchor: Temporal.Instant;
  /** Which period after the anchor is current (0 for the first). */
  periodIndex: number;
  currentPeriod: BillingPeriod;
  atPeriodEnd: PeriodEndChange | null;
  /** The renewal invoice being collected (set at renewal, cleared once it is paid). */
  renewalInvoiceId: string | null;
  pastDueSince: Temporal.Instant | null;
  retriesDone: number;
  nextRetryAt: Temporal.Instant | null;
  createdAt: Temporal.Instant;
  canceledAt: Temporal.Instant | null;
  /** Set when the subscription started with a free trial (kept after it, as its history). */
  trial: SubscriptionTrial | null;
}

/** A change waiting for its invoice to be paid (docs/decisions/006). */
export type PendingChange =
  | { kind: 'subscribe' }
  | { kind: 'change_plan'; price: SubscriptionPrice; seats: number | null; newAnchor: string | null }
  | { kind: 'add_seats'; seats: number };

/** Whether the subscription is in force (the workspace is on its plan): not waiting for its first payment, not ended. */
export function isInForce(subscription: Subscription): boolean {
  return subscription.status !== 'incomplete' && subscription.status !== 'canceled';
}

export function isCanceledAtPeriodEnd(subscription: Subscription): boolean {
  return subscription.atPeriodEnd?.kind === 'cancel';
}

/** The price change the renewal applies: the scheduled one, or the one kept under a cancel for Resume. */
export function scheduledPriceChangeOf(change: PeriodEndChange | null): ScheduledPriceChange | null {
  if (!change) return null;
  if (change.kind === 'change') return change;
  if (change.kind === 'cancel' && change.keptForResume?.kind === 'change') return change.keptForResume;
  return null;
}
