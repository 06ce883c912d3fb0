// The dunning schedule: retries on days 1, 3, 5 and 7 after the first failure, then none.
import { Temporal } from 'temporal-polyfill';
import { expect, it } from 'vitest';
import { defaultRetryDays, nextRetryAt } from '../../../src/domain/dunning/retry-schedule.ts';

it('retries on May 2, 4, 6 and 8 after a renewal failed on May 1, then gives up', () => {
  const failedAt = Temporal.Instant.from('2027-05-01T00:00:00Z');
  const retries = [0, 1, 2, 3, 4].map((done) => nextRetryAt(failedAt, done, defaultRetryDays)?.toString() ?? null);
  expect(retries).toEqual([
    '2027-05-02T00:00:00Z',
    '2027-05-04T00:00:00Z',
    '2027-05-06T00:00:00Z',
    '2027-05-08T00:00:00Z',
    null,
  ]);
});
