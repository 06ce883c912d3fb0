// A clock that moves only when a test advances it.
import { Temporal } from 'temporal-polyfill';
import type { Clock } from '../../src/domain/clock.ts';

export class TestClock implements Clock {
  private instant: Temporal.Instant;

  constructor(start: Temporal.Instant = Temporal.Now.instant()) {
    this.instant = start;
  }

  now(): Temporal.Instant {
    return this.instant;
  }

  advance(duration: Temporal.DurationLike): void {
    this.instant = this.instant.add(Temporal.Duration.from(duration));
  }
}
