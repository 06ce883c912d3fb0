// SQL for the billing summary's first read: the workspace's plan, bought seats, test clock, default card, seat
// holders (members, pending unexpired invites), billing country, live subscription and its discount, and the credit
// wallet in one statement.

import { compiledOnce } from '../../db/compiled-once.ts';
import type { BillfoldDb } from '../../db/connection.ts';
import type { Discount } from '../../domain/discounts/discount.ts';
import type { Subscription } from '../../domain/subscriptions/subscription.ts';
import { type CreditAccount, creditAccountJson, creditAccountOfJson } from '../credits/credit-account.queries.ts';
import { discountOfJson, liveDiscountJson } from '../discounts/discounts.queries.ts';
import { liveSubscriptionJson, subscriptionOfJson } from '../subscriptions/subscriptions.queries.ts';

export interface SummaryBilling {
  planId: string;
  maxUsers: number | null;
  testClockId: string | null;
  testClockTime: Date | null;
  card: { id: string; brand: string; last4: string; expMonth: number; expYear: number } | null;
  members: number;
  pendingInvites: number;
  /** The billing details' country, which sets the tax rate; null without billing details. */
  buyerCountry: string | null;
  /** Any status but canceled. */
  liveSubscription: Subscription | null;
  /** The live subscription's discount, whether or not it still covers the current period. */
  liveDiscount: Discount | null;
  /** The credit wallet; undefined when the workspace has never had credits. */
  creditAccount: CreditAccount | undefined;
}

// The page's hottest read: compiled once.
const summaryBilling = compiledOnce((db, workspaceId: string, now: Date) =>
  db
    .selectFrom('workspace_billing')
    .leftJoin('payment_method', 'payment_method.id', 'workspace_billing.default_payment_method_id')
    .leftJoin('test_clock', 'test_clock.id', 'workspace_billing.test_clock_id')
    .leftJoin('billing_details', 'billing_details.workspace_id', 'workspace_billing.workspace_id')
    .select((eb) => [
      'workspace_billing.plan_id',
      'workspace_billing.max_users',
      'workspace_billing.test_clock_id',
      'test_clock.frozen_time',
      'payment_method.id as card_id',
      'payment_method.brand',
      'payment_method.last4',
      'payment_method.exp_month',
      'payment_method.exp_year',
      'billing_details.country',
      eb
        .selectFrom('member')
        .select((count) => count.fn.countAll<number>().as('count'))
        .whereRef('member.organizationId', '=', 'workspace_billing.workspace_id')
        .as('members'),
      eb
        .selectFrom('invitation')
        .select((count) => count.fn.countAll<number>().as('count'))
        .whereRef('invitation.organizationId', '=', 'workspace_billing.workspace_id')
        .where('invitation.status', '=', 'pending')
        .where('invitation.expiresAt', '>', now)
        .as('pending_invites'),
      liveSubscriptionJson(eb.ref('workspace_billing.workspace_id')).as('live_subscription'),
      liveDiscountJson(eb.ref('workspace_billing.workspace_id')).as('live_discount'),
      creditAccountJson(eb.ref('workspace_billing.workspace_id')).as('credit_account'),
    ])
    .where('workspace_billing.workspace_id', '=', workspaceId),
);

/** `now` is real time: invites expire in real time, whatever clock the workspace's billing reads. */
export async function readSummaryBilling(db: BillfoldDb, workspaceId: string, now: Date): Promise<SummaryBilling> {
  const row = await summaryBilling.first(db, workspaceId, now);
  if (!row) throw new Error(`workspace ${workspaceId} has no billing row`);
  return {
    planId: row.plan_id,
    maxUsers: row.max_users,
    testClockId: row.test_clock_id,
    testClockTime: row.frozen_time,
    card:
      row.card_id && row.brand && row.last4 && row.exp_month && row.exp_year
        ? { id: row.card_id, brand: row.brand, last4: row.last4, expMonth: row.exp_month, expYear: row.exp_year }
        : null,
    members: Number(row.members ?? 0),
    pendingInvites: Number(row.pending_invites ?? 0),
    buyerCountry: row.country ?? null,
    liveSubscription: row.live_subscription && subscriptionOfJson(row.live_subscription),
    liveDiscount: row.live_discount && discountOfJson(row.live_discount),
    creditAccount: row.credit_account ? creditAccountOfJson(row.credit_account) : undefined,
  };
}
