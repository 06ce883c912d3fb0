// The retry rule for a kept Idempotency-Key: a run is repeated only when nothing it wrote committed.
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { decideRetry, type KeptRequest } from '../../../src/domain/idempotency/retry-decision.ts';

const now = Temporal.Instant.from('2027-03-01T12:00:00Z');
const circumstances = {
  now,
  fingerprint: 'same',
  retention: Temporal.Duration.from({ hours: 24 }),
  abandonedAfter: Temporal.Duration.from({ minutes: 5 }),
  resumable: false,
};

function kept(overrides: Partial<KeptRequest>): KeptRequest {
  return {
    state: 'running',
    fingerprint: 'same',
    createdAt: now.subtract({ minutes: 1 }),
    claimedAt: now.subtract({ minutes: 1 }),
    ...overrides,
  };
}

describe('decideRetry', () => {
  it('replays a kept answer, and refuses another request under the key', () => {
    expect(decideRetry(kept({ state: 'completed' }), circumstances)).toEqual({ kind: 'replay' });
    expect(decideRetry(kept({ state: 'completed', fingerprint: 'other' }), circumstances)).toEqual({
      kind: 'reused',
    });
  });

  it('forgets a key older than the retention, whatever its state', () => {
    for (const state of ['running', 'committed', 'completed'] as const) {
      expect(decideRetry(kept({ state, createdAt: now.subtract({ hours: 24 }) }), circumstances)).toEqual({
        kind: 'expired',
      });
    }
  });

  it('waits while a run holds the key, committed or not', () => {
    for (const state of ['running', 'committed'] as const) {
      const claimedAt = now.subtract({ minutes: 4, seconds: 59 });
      expect(decideRetry(kept({ state, claimedAt }), { ...circumstances, resumable: true })).toEqual({
        kind: 'in_progress',
      });
    }
  });

  it('runs anew an abandoned run that committed nothing', () => {
    const claimedAt = now.subtract({ minutes: 5 });
    expect(decideRetry(kept({ state: 'running', claimedAt }), circumstances)).toEqual({ kind: 'take_over' });
  });

  it('never runs an abandoned committed run again: resumes it where the route can, else says so', () => {
    const claimedAt = now.subtract({ minutes: 6 });
    expect(decideRetry(kept({ state: 'committed', claimedAt }), circumstances)).toEqual({ kind: 'unanswered' });
    expect(decideRetry(kept({ state: 'committed', claimedAt }), { ...circumstances, resumable: true })).toEqual({
      kind: 'take_over',
    });
  });

  it('a run that gave up after committing (a 5xx) can be resumed at once', () => {
    expect(decideRetry(kept({ state: 'committed', claimedAt: null }), { ...circumstances, resumable: true })).toEqual({
      kind: 'take_over',
    });
    expect(decideRetry(kept({ state: 'committed', claimedAt: null }), circumstances)).toEqual({ kind: 'unanswered' });
  });
});
