// Which lifecycle transition a change charged nothing because of a trial is: the trial started, or its tier,
// interval or seats changed. Carrying the change out and previewing it both ask here.

import type { Temporal } from 'temporal-polyfill';
import { BillingError } from '../../domain/errors.ts';
import type { ChangeQuote } from '../../domain/subscriptions/quote-change.ts';
import type { Subscription } from '../../domain/subscriptions/subscription.ts';
import { changeDuringTrial, startTrial, type Transition } from '../../domain/subscriptions/subscription-lifecycle.ts';

export type TrialQuote = Extract<ChangeQuote, { kind: 'start_trial' } | { kind: 'trial_change' }>;

export function isTrialQuote(quote: ChangeQuote): quote is TrialQuote {
  return quote.effect === 'now' && (quote.kind === 'start_trial' || quote.kind === 'trial_change');
}

export function trialTransitionOf(
  subscription: Subscription | null,
  quote: TrialQuote,
  start: { id: string; workspaceId: string; now: Temporal.Instant; hasCard: boolean },
): Transition {
  if (quote.kind === 'trial_change') {
    if (!subscription) throw new Error('a change during a trial needs its subscription');
    return changeDuringTrial(subscription, quote.price, quote.seats);
  }
  if (quote.trial.requiresCard && !start.hasCard) {
    throw new BillingError(
      'payment_method_required',
      `The ${quote.price.planName} trial needs a card on file: add a card, then start the trial. ` +
        `Nothing is charged until the trial ends.`,
    );
  }
  return startTrial({
    id: start.id,
    workspaceId: start.workspaceId,
    price: quote.price,
    seats: quote.seats,
    trialDays: quote.trial.days,
    now: start.now,
  });
}
