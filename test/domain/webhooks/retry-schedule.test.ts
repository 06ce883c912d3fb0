// The webhook retry schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, each ±10 %, over more than 24 hours.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  nextWebhookRetryDelayMs,
  webhookMaxAttempts,
  webhookRetryDelaysMs,
} from '../../../src/domain/webhooks/retry-schedule.ts';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

describe('nextWebhookRetryDelayMs', () => {
  it.each([
    [1, 5 * second],
    [2, 5 * minute],
    [3, 30 * minute],
    [4, 2 * hour],
    [5, 5 * hour],
    [6, 10 * hour],
    [7, 10 * hour],
  ])('after attempt %i waits %i ms with no jitter (random 0.5)', (attempts, delay) => {
    expect(nextWebhookRetryDelayMs(attempts, 0.5)).toBe(delay);
  });

  it('has none after the eighth attempt', () => {
    expect(webhookMaxAttempts).toBe(8);
    expect(nextWebhookRetryDelayMs(8, 0.5)).toBeNull();
    expect(nextWebhookRetryDelayMs(9, 0.1)).toBeNull();
    expect(nextWebhookRetryDelayMs(0, 0.5)).toBeNull();
  });

  it('stays within 10 % of the nominal wait whatever the random number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const nominal = webhookRetryDelaysMs[n - 1] as number;
          const delay = nextWebhookRetryDelayMs(n, r) as number;
          expect(delay).toBeGreaterThanOrEqual(Math.floor(nominal * 0.9));
          expect(delay).toBeLessThanOrEqual(Math.ceil(nominal * 1.1));
        },
      ),
    );
  });

  it('spreads the waits: the lowest and highest random numbers differ by about a fifth of the wait', () => {
    expect(nextWebhookRetryDelayMs(2, 0)).toBe(4.5 * minute);
    expect(nextWebhookRetryDelayMs(2, 0.999_999)).toBeGreaterThan(5.49 * minute);
  });

  it('retries for at least 24 hours even when every wait is the shortest', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 7, maxLength: 7 }),
        (randoms) => {
          const total = randoms.reduce((sum, r, i) => sum + (nextWebhookRetryDelayMs(i + 1, r) as number), 0);
          expect(total).toBeGreaterThanOrEqual(24 * hour);
        },
      ),
    );
  });
});
