// Where a test clock may stand (2000–2200) and how it moves (forward only), each refusal naming its field.
import { describe, expect, it } from 'vitest';
import { BillingError } from '../../../src/domain/errors.ts';
import { assertTestClockMove, assertTestClockStart } from '../../../src/domain/test-clocks/test-clock-rules.ts';

function paramOf(check: () => void): string | undefined {
  try {
    check();
  } catch (error) {
    if (error instanceof BillingError && error.code === 'invalid_request') return error.param;
    throw error;
  }
  return undefined;
}

const at = (iso: string) => new Date(iso);

describe('assertTestClockStart', () => {
  it('accepts the years 2000 to 2200, ends included', () => {
    for (const time of ['2000-01-01T00:00:00.000Z', '2027-01-31T09:00:00Z', '2200-12-31T23:59:59.999Z']) {
      expect(
        paramOf(() => assertTestClockStart(at(time))),
        time,
      ).toBeUndefined();
    }
  });

  it('refuses year 0, 1999, 2201 and an invalid date, naming frozenTime', () => {
    for (const time of ['0000-01-01T00:00:00Z', '1999-12-31T23:59:59.999Z', '2201-01-01T00:00:00Z', 'not a time']) {
      expect(
        paramOf(() => assertTestClockStart(at(time))),
        time,
      ).toBe('frozenTime');
    }
  });
});

describe('assertTestClockMove', () => {
  const from = at('2030-06-01T00:00:00Z');

  it('accepts any later time up to the end of 2200', () => {
    expect(paramOf(() => assertTestClockMove(from, at('2030-06-01T00:00:00.001Z')))).toBeUndefined();
    expect(paramOf(() => assertTestClockMove(from, at('2200-12-31T23:59:59.999Z')))).toBeUndefined();
  });

  it('refuses standing still, moving back and leaving the range, naming to', () => {
    for (const to of ['2030-06-01T00:00:00Z', '2030-05-31T00:00:00Z', '2201-01-01T00:00:00Z', '0000-01-01T00:00:00Z']) {
      expect(
        paramOf(() => assertTestClockMove(from, at(to))),
        to,
      ).toBe('to');
    }
  });
});
