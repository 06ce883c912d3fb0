// Keeps charges within a card processor's rate limit (BILLFOLD_GATEWAY_CHARGES_PER_SECOND, e.g. 25/s in a real
// processor's test mode): each charge waits for its slot, and slots are at least 1/rate apart, so no one-second window
// holds more than `rate` charges, and a sender with charges waiting gets the whole allowed rate. It wraps the port like
// any adapter. The limit is per process: a processor's limit shared by several processes is split by giving each its
// share.
import type { PaymentGateway } from './payment-gateway.ts';

/** Where the limiter reads time and waits; real time unless a test hands a fake one. */
export interface RateLimitTimer {
  nowMs(): number;
  wait(ms: number): Promise<void>;
}

const realTimer: RateLimitTimer = {
  nowMs: () => performance.now(),
  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function chargeRateLimited(
  gateway: PaymentGateway,
  chargesPerSecond: number,
  timer: RateLimitTimer = realTimer,
): PaymentGateway {
  if (!(chargesPerSecond > 0)) throw new Error('A charge rate limit must be positive');
  // Whole microseconds, so slots never drift closer together by rounding.
  const spacingUs = Math.ceil(1_000_000 / chargesPerSecond);
  let nextSlotUs = Number.NEGATIVE_INFINITY;
  const takeSlot = async () => {
    const nowUs = Math.ceil(timer.nowMs() * 1000);
    const slotUs = Math.max(nowUs, nextSlotUs);
    nextSlotUs = slotUs + spacingUs;
    if (slotUs > nowUs) await timer.wait(Math.ceil((slotUs - nowUs) / 1000));
  };
  return {
    ...gateway,
    name: gateway.name,
    async charge(request) {
      await takeSlot();
      return gateway.charge(request);
    },
  };
}
