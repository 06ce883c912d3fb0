// The billing work that falls due with time — renewals, dunning retries, credit expiry, trial-end notices — named in one place: what
// is due next for a workspace, and running one piece of it. A test clock's advance asks here rather than knowing
// every job.
import type { Temporal } from 'temporal-polyfill';
import { toDate } from '../../domain/clock.ts';
import { isInTrialPeriod, trialEndNoticeAt } from '../../domain/subscriptions/trial.ts';
import type { DueScope } from '../../domain/test-clocks/due-scope.ts';
import { expireNextDueCredits, nextCreditExpiry } from '../credits/expire-credits.ts';
import type { BillingDeps } from '../deps.ts';
import { type RetryOutcome, retryNextDuePayment } from '../dunning/retry-past-due.ts';
import { announceNextTrialEnd } from '../subscriptions/announce-trial-end.ts';
import { type RenewalOutcome, renewNextDueSubscription } from '../subscriptions/renew-subscription.ts';
import { liveSubscription } from '../subscriptions/subscriptions.queries.ts';

export type DueWorkKind = 'renewal' | 'dunning_retry' | 'credit_expiry' | 'trial_end_notice';

export type DueWorkOutcome =
  | { kind: 'renewal'; outcome: RenewalOutcome }
  | { kind: 'dunning_retry'; outcome: RetryOutcome }
  | { kind: 'credit_expiry'; outcome: { expired: number } }
  | { kind: 'trial_end_notice'; outcome: { subscriptionId: string; announced: boolean } };

/**
 * The workspace's next renewal, retry, credit expiry or trial-end notice, whichever comes first (an expiry before a
 * renewal).
 */
export async function nextDueWork(
  deps: BillingDeps,
  workspaceId: string,
): Promise<{ kind: DueWorkKind; at: Date } | null> {
  const [subscription, expiry] = await Promise.all([
    liveSubscription(deps.db, workspaceId),
    nextCreditExpiry(deps, workspaceId),
  ]);
  let billingStep: { kind: 'renewal' | 'dunning_retry'; at: Temporal.Instant } | null = null;
  if (subscription?.status === 'active' || subscription?.status === 'trialing') {
    billingStep = { kind: 'renewal', at: subscription.currentPeriod.end };
  } else if (subscription?.status === 'past_due' && subscription.nextRetryAt) {
    billingStep = { kind: 'dunning_retry', at: subscription.nextRetryAt };
  }
  // A trial's end is announced before it ends, so before its renewal.
  if (
    subscription?.status === 'trialing' &&
    subscription.trial?.endAnnounced === false &&
    isInTrialPeriod(subscription)
  ) {
    const noticeAt = trialEndNoticeAt(subscription.currentPeriod);
    if (!expiry || noticeAt.epochMilliseconds < expiry.getTime()) {
      return { kind: 'trial_end_notice', at: toDate(noticeAt) };
    }
  }
  if (expiry && (!billingStep || expiry.getTime() <= billingStep.at.epochMilliseconds)) {
    return { kind: 'credit_expiry', at: expiry };
  }
  return billingStep && { kind: billingStep.kind, at: toDate(billingStep.at) };
}

/** Runs the most overdue piece of that kind in scope, on `deps`' clock; null when there was nothing to claim. */
export async function runDueWork(
  deps: BillingDeps,
  kind: DueWorkKind,
  scope: DueScope,
): Promise<DueWorkOutcome | null> {
  switch (kind) {
    case 'credit_expiry': {
      const outcome = await expireNextDueCredits(deps, scope);
      return outcome && { kind, outcome: { expired: outcome.expired } };
    }
    case 'renewal': {
      const outcome = await renewNextDueSubscription(deps, scope);
      return outcome && { kind, outcome };
    }
    case 'trial_end_notice': {
      const outcome = await announceNextTrialEnd(deps, scope);
      return outcome && { kind, outcome };
    }
    case 'dunning_retry': {
      const outcome = await retryNextDuePayment(deps, scope);
      return outcome && { kind, outcome };
    }
  }
}
