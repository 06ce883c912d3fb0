// The gateway's charge rate limit, on a fake clock: no one-second window ever holds more charges than the limit, and
// a sender with charges waiting gets at least 95% of the allowed rate — also when the event loop stalls.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chargeRateLimited } from '../../src/gateways/charge-rate-limit.ts';
import type { ChargeOutcome, PaymentGateway } from '../../src/gateways/payment-gateway.ts';

/** A processor that answers each charge after 30 ms and remembers when each one arrived. */
function recordingProcessor(arrivals: number[]): PaymentGateway {
  const unused = () => Promise.reject(new Error('not used'));
  return {
    name: 'recording',
    attach: unused,
    findCharge: unused,
    cancelCharge: unused,
    refund: unused,
    charge: (request) => {
      arrivals.push(Date.now());
      return new Promise<ChargeOutcome>((resolve) =>
        setTimeout(() => resolve({ status: 'succeeded', ref: `ch_${request.idempotencyKey}` }), 30),
      );
    },
  };
}

const fakeTimer = {
  nowMs: () => Date.now(),
  wait: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

/** Sends `total` charges, `concurrency` in flight at once. */
async function sendCharges(gateway: PaymentGateway, total: number, concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        await gateway.charge({
          idempotencyKey: `pay_${i}`,
          gatewayRef: 'card',
          amount: 100,
          currency: 'usd',
          description: '',
        });
      }
    }),
  );
}

/** The most arrivals in any window of `windowMs` (half-open, starting at an arrival). */
function busiestWindow(arrivals: readonly number[], windowMs: number): number {
  return arrivals.reduce((most, t, i) => Math.max(most, arrivals.slice(i).filter((u) => u < t + windowMs).length), 0);
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2027-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a gateway held to 25 charges a second', () => {
  it('sends 500 waiting charges in about 20 s, never more than 25 in any second', async () => {
    const arrivals: number[] = [];
    const sending = sendCharges(chargeRateLimited(recordingProcessor(arrivals), 25, fakeTimer), 500, 16);
    await vi.runAllTimersAsync();
    await sending;

    expect(arrivals).toHaveLength(500);
    expect(busiestWindow(arrivals, 1000)).toBe(25);
    const seconds = ((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)) / 1000;
    // 499 gaps of 40 ms = 19.96 s; at 95% of the rate it would be 21.0 s.
    expect(499 / seconds).toBeGreaterThanOrEqual(0.95 * 25);
    expect(seconds).toBeCloseTo(19.96, 1);
  });

  it('catches up after a stalled event loop without a burst over the limit', async () => {
    const arrivals: number[] = [];
    const sending = sendCharges(chargeRateLimited(recordingProcessor(arrivals), 25, fakeTimer), 300, 16);
    await vi.advanceTimersByTimeAsync(2_000);
    // The process is busy for 600 ms: the clock moves on, no timer fires meanwhile.
    vi.setSystemTime(Date.now() + 600);
    await vi.runAllTimersAsync();
    await sending;

    expect(arrivals).toHaveLength(300);
    expect(busiestWindow(arrivals, 1000)).toBeLessThanOrEqual(25);
    const seconds = ((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)) / 1000;
    expect(299 / seconds).toBeGreaterThanOrEqual(0.95 * 25);
  });

  it('keeps a fractional rate: 2.5 a second is at most 2 in any 0.8 s', async () => {
    const arrivals: number[] = [];
    const sending = sendCharges(chargeRateLimited(recordingProcessor(arrivals), 2.5, fakeTimer), 20, 4);
    await vi.runAllTimersAsync();
    await sending;

    expect(busiestWindow(arrivals, 800)).toBe(2);
    expect(busiestWindow(arrivals, 1000)).toBeLessThanOrEqual(3);
    // 19 gaps of 400 ms.
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBe(7600);
  });

  it('sends a charge at once when none waits', async () => {
    const arrivals: number[] = [];
    const gateway = chargeRateLimited(recordingProcessor(arrivals), 25, fakeTimer);
    const first = gateway.charge({
      idempotencyKey: 'pay_a',
      gatewayRef: 'card',
      amount: 100,
      currency: 'usd',
      description: '',
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(arrivals).toEqual([Date.parse('2027-01-01T00:00:00Z')]);
    await vi.runAllTimersAsync();
    await first;
  });
});
