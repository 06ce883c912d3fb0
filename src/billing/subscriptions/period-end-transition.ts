// Which lifecycle transition a change for the period end is: a scheduled change, a cancel, or (choosing the
// current plan again) dropping what was scheduled. Carrying the change out and previewing it both ask here.
import type { ChangeQuote } from '../../domain/subscriptions/quote-change.ts';
import type { Subscription } from '../../domain/subscriptions/subscription.ts';
import {
  cancelAtPeriodEnd,
  dropScheduledChange,
  scheduleChange,
  type Transition,
} from '../../domain/subscriptions/subscription-lifecycle.ts';

/** Null when nothing changes. */
export function periodEndTransitionOf(
  subscription: Subscription | null,
  quote: Extract<ChangeQuote, { effect: 'unchanged' } | { effect: 'period_end' }>,
): Transition | null {
  if (!subscription) return null;
  if (quote.effect === 'unchanged') return quote.dropsScheduledChange ? dropScheduledChange(subscription) : null;
  if (quote.kind === 'cancel') return cancelAtPeriodEnd(subscription);
  return scheduleChange(subscription, quote.change);
}
