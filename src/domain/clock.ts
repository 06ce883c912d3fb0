// The Clock every use case reads time from; the system clock in production, a test clock when attached.
import { Temporal } from 'temporal-polyfill';

export interface Clock {
  now(): Temporal.Instant;
}

export const systemClock: Clock = { now: () => Temporal.Now.instant() };

/** A clock standing still at `instant` (tests and test clocks). */
export function fixedClock(instant: Temporal.Instant): Clock {
  return { now: () => instant };
}

export function toDate(instant: Temporal.Instant): Date {
  return new Date(instant.epochMilliseconds);
}

export function toInstant(date: Date): Temporal.Instant {
  return Temporal.Instant.fromEpochMilliseconds(date.getTime());
}
