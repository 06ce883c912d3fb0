// Where a test clock may stand and how it may move: only within the years 2000–2200 (dates billing, Postgres and
// the page all handle the same way), and only forward.
import { BillingError } from '../errors.ts';

/** The first and the last moment a test clock may show: the start of 2000 and the last millisecond of 2200. */
export const testClockRange = { earliest: '2000-01-01T00:00:00.000Z', latest: '2200-12-31T23:59:59.999Z' } as const;
const earliestMs = Date.parse(testClockRange.earliest);
const latestMs = Date.parse(testClockRange.latest);

/** Refuses a frozen time outside 2000–2200, naming `frozenTime`. */
export function assertTestClockStart(frozenTime: Date): void {
  assertWithinRange(frozenTime, 'frozenTime');
}

/** Refuses a move that is not forward, or that leaves 2000–2200, naming `to`. */
export function assertTestClockMove(from: Date, to: Date): void {
  assertWithinRange(to, 'to');
  if (to.getTime() <= from.getTime()) {
    throw new BillingError(
      'invalid_request',
      `A test clock only moves forward: "to" must be after ${from.toISOString()}.`,
      { param: 'to' },
    );
  }
}

function assertWithinRange(time: Date, param: 'frozenTime' | 'to'): void {
  const ms = time.getTime();
  if (Number.isNaN(ms) || ms < earliestMs || ms > latestMs) {
    throw new BillingError(
      'invalid_request',
      `A test clock runs from the year 2000 to the end of 2200: "${param}" must be between ` +
        `${testClockRange.earliest} and ${testClockRange.latest}.`,
      { param },
    );
  }
}
