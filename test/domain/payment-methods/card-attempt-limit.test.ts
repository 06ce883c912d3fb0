// The card-testing rule: fixed windows every process agrees on, the limit, and when a refused attempt may retry.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  cardAttemptVerdict,
  cardAttemptWindowAt,
  defaultCardAttemptLimit,
} from '../../../src/domain/payment-methods/card-attempt-limit.ts';

const hourly = { attempts: 3, window: Temporal.Duration.from({ hours: 1 }) };
const at = (iso: string) => Temporal.Instant.from(iso);

describe('card attempt window', () => {
  it('is the clock hour for an hourly limit', () => {
    const window = cardAttemptWindowAt(at('2030-05-01T14:37:12.5Z'), hourly);
    expect(window.start.toString()).toBe('2030-05-01T14:00:00Z');
    expect(window.end.toString()).toBe('2030-05-01T15:00:00Z');
  });

  it('holds every instant in [start, end) and is one window long', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.integer({ min: 1, max: 1440 }), (ms, minutes) => {
        const limit = { attempts: 1, window: Temporal.Duration.from({ minutes }) };
        const now = Temporal.Instant.fromEpochMilliseconds(ms);
        const { start, end } = cardAttemptWindowAt(now, limit);
        expect(start.epochMilliseconds).toBeLessThanOrEqual(ms);
        expect(end.epochMilliseconds).toBeGreaterThan(ms);
        expect(end.epochMilliseconds - start.epochMilliseconds).toBe(minutes * 60_000);
      }),
    );
  });
});

describe('card attempt verdict', () => {
  const now = at('2030-05-01T14:37:12.5Z');
  const window = cardAttemptWindowAt(now, hourly);

  it('allows attempts up to the limit, this one included', () => {
    for (const counted of [1, 2, 3])
      expect(cardAttemptVerdict(counted, window, now, hourly)).toEqual({ allowed: true });
  });

  it('refuses the attempt past the limit until the window ends, rounding the wait up', () => {
    const verdict = cardAttemptVerdict(4, window, now, hourly);
    expect(verdict).toEqual({ allowed: false, retryAt: at('2030-05-01T15:00:00Z'), retryAfterSeconds: 1368 });
  });

  it('never says to retry in 0 seconds', () => {
    const lastMoment = at('2030-05-01T14:59:59.999Z');
    expect(cardAttemptVerdict(4, cardAttemptWindowAt(lastMoment, hourly), lastMoment, hourly)).toMatchObject({
      retryAfterSeconds: 1,
    });
  });

  it('by default allows 10 declined attempts an hour', () => {
    expect(defaultCardAttemptLimit.attempts).toBe(10);
    expect(defaultCardAttemptLimit.window.total('minutes')).toBe(60);
  });
});
