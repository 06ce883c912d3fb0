// When a past-due subscription's open invoice is charged again: on each configured day after the first
// failure (default days 1, 3, 5, 7); after the last retry fails there is none, and the subscription ends.
import type { Temporal } from 'temporal-polyfill';

export const defaultRetryDays: readonly number[] = [1, 3, 5, 7];

/** The retry after `retriesDone` failed retries, or null when the schedule is used up. */
export function nextRetryAt(
  pastDueSince: Temporal.Instant,
  retriesDone: number,
  retryDays: readonly number[],
): Temporal.Instant | null {
  const days = retryDays[retriesDone];
  return days === undefined ? null : pastDueSince.add({ hours: 24 * days });
}
