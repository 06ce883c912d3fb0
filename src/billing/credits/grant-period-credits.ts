// Pro's credits per period, granted when the period's invoice is paid (subscribing, each renewal, a late
// retry that succeeds) and on an upgrade to a tier with more credits. They expire at the period end unless the
// tier rolls them over.
import { Temporal } from 'temporal-polyfill';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { systemActor } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import { formatCredits } from '../../domain/credits/credit-offer.ts';
import { upgradeCreditsGrant } from '../../domain/credits/period-credits.ts';
import { type BillingPeriod, remainingShare } from '../../domain/subscriptions/billing-period.ts';
import { priceLabel, type SubscriptionPrice } from '../../domain/subscriptions/subscription-price.ts';
import { grantCredits } from './grant-credits.ts';

export interface PaidPeriod {
  workspaceId: string;
  subscriptionId: string;
  invoiceId: string;
  price: SubscriptionPrice;
  period: { start: Date; end: Date };
}

/** The whole period's credits, for a paid subscribe or renewal invoice. */
export async function grantPeriodCredits(trx: BillfoldTransaction, now: Date, paid: PaidPeriod): Promise<void> {
  if (paid.price.creditsPerPeriod <= 0) return;
  await grantCredits(trx, now, {
    workspaceId: paid.workspaceId,
    source: 'plan_period',
    credits: paid.price.creditsPerPeriod,
    expiresAt: paid.price.creditsRollOver ? null : paid.period.end,
    description: `${priceLabel(paid.price)}: ${formatCredits(paid.price.creditsPerPeriod)} credits for the period`,
    invoiceId: paid.invoiceId,
    subscriptionId: paid.subscriptionId,
    actor: systemActor,
    // A late payment of an earlier period does not restart the page's current period.
    ...(paid.period.end.getTime() > now.getTime() ? { startPeriodAt: paid.period.start } : {}),
  });
}

/** The extra credits of an upgrade paid mid-period: prorated for the rest of the period, or in full. */
export async function grantUpgradeCredits(
  trx: BillfoldTransaction,
  now: Date,
  paid: Omit<PaidPeriod, 'period'> & { previousPrice: SubscriptionPrice; period: BillingPeriod },
): Promise<void> {
  const { period } = paid;
  // Paid after the period ended (a late bank confirmation): the period's extra credits would expire at once.
  if (now.getTime() >= period.end.epochMilliseconds) return;
  const from = Math.max(now.getTime(), period.start.epochMilliseconds);
  const credits = upgradeCreditsGrant(
    paid.previousPrice.creditsPerPeriod,
    paid.price.creditsPerPeriod,
    remainingShare(period, Temporal.Instant.fromEpochMilliseconds(from)),
    paid.price.upgradeCredits ?? 'prorated',
  );
  if (credits <= 0) return;
  await grantCredits(trx, now, {
    workspaceId: paid.workspaceId,
    source: 'plan_period',
    credits,
    expiresAt: paid.price.creditsRollOver ? null : toDate(period.end),
    description: `Upgrade to ${priceLabel(paid.price)}: ${formatCredits(credits)} more credits this period`,
    invoiceId: paid.invoiceId,
    subscriptionId: paid.subscriptionId,
    actor: systemActor,
  });
}
