// Keeps charges within a card processor's rate limit (BILLFOLD_GATEWAY_CHARGES_PER_SECOND, e.g. 25/s in a real
// processor's test mode). Charges go out in the order they were asked for, paced a steady 1/rate apart; a charge
// delayed past its slot (a busy event loop) may catch up, but never so that any one-second window holds more than the
// rate allows, counted on the times the charges really left. So a sender with charges waiting gets the whole allowed
// rate and the processor never sees more. It wraps the port like any adapter. The limit is per process: a processor's
// limit shared by several processes is split by giving each its share.
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
  // Whole microseconds, so slots never drift closer together by rounding. A fractional rate (2.5/s) is held as its
  // whole charges per the matching window (2 per 0.8 s).
  const spacingUs = Math.ceil(1_000_000 / chargesPerSecond);
  const perWindow = Math.max(1, Math.floor(chargesPerSecond));
  const windowUs = perWindow * spacingUs;
  const nowUs = () => Math.ceil(timer.nowMs() * 1000);
  /** When the last `perWindow` charges left, oldest first. */
  const sent: number[] = [];
  let nextSlotUs = Number.NEGATIVE_INFINITY;
  let turns: Promise<void> = Promise.resolve();

  const takeSlot = (): Promise<void> => {
    const slotUs = Math.max(nowUs(), nextSlotUs);
    nextSlotUs = slotUs + spacingUs;
    const turn = turns.then(async () => {
      for (;;) {
        const now = nowUs();
        const oldest = sent.length < perWindow ? Number.NEGATIVE_INFINITY : (sent[0] ?? 0) + windowUs;
        const dueUs = Math.max(slotUs, oldest);
        if (now >= dueUs) {
          sent.push(now);
          if (sent.length > perWindow) sent.shift();
          return;
        }
        // Timers may fire a little early by this clock: the loop checks again.
        await timer.wait(Math.ceil((dueUs - now) / 1000));
      }
    });
    turns = turn;
    return turn;
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
