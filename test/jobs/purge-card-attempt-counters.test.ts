// The purge of declined-card-attempt counters: the counters of ended windows go, the current window's stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeEndedCardAttemptCounters } from '../../src/jobs/purge-card-attempt-counters.ts';
import { startTestBillfold, type TestBillfold } from '../support/test-billfold.ts';

let billfold: TestBillfold;
beforeAll(async () => {
  billfold = await startTestBillfold();
});
afterAll(() => billfold.close());

const mistype = (remoteAddress: string) =>
  billfold.app.inject({
    method: 'POST',
    url: '/sandbox/v1/tokens',
    remoteAddress,
    payload: { number: '4242424242424241', expMonth: 12, expYear: 2040, cvc: '123' },
  });

describe('purgeEndedCardAttemptCounters', () => {
  it("deletes the counters of windows that have ended and keeps the current window's", async () => {
    expect((await mistype('203.0.113.1')).statusCode).toBe(400);
    billfold.clock.advance({ hours: 1 });
    expect((await mistype('203.0.113.2')).statusCode).toBe(400);

    expect(await purgeEndedCardAttemptCounters(billfold.deps)).toBe(1);
    const left = await billfold.deps.db.selectFrom('card_attempt_counter').select(['subject', 'attempts']).execute();
    expect(left).toEqual([{ subject: 'address:203.0.113.2', attempts: 1 }]);
    expect(await purgeEndedCardAttemptCounters(billfold.deps)).toBe(0);
  });
});
