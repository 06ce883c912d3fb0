// Money in minor units: currency exponents, rounding half away from zero, formatting for people.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent, divideRoundingHalfAwayFromZero, formatMoney } from '../../../src/domain/money/money.ts';

describe('currencyExponent', () => {
  it.each([
    ['usd', 2],
    ['eur', 2],
    ['jpy', 0],
    ['kwd', 3],
  ])('%s has %i minor-unit digits', (currency, digits) => {
    expect(currencyExponent(currency)).toBe(digits);
  });
});

describe('divideRoundingHalfAwayFromZero', () => {
  it.each([
    [5n, 2n, 3],
    [-5n, 2n, -3],
    [1n, 3n, 0],
    [2n, 3n, 1],
    [-2n, 3n, -1],
    [7n, 7n, 1],
    [0n, 9n, 0],
  ])('%i / %i = %i', (numerator, denominator, expected) => {
    expect(divideRoundingHalfAwayFromZero(numerator, denominator)).toBe(expected);
  });

  it('is within half a unit of the exact quotient, and ties go away from zero', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (numerator, denominator) => {
          const result = BigInt(divideRoundingHalfAwayFromZero(numerator, denominator));
          // |result·d − n| ≤ d/2, compared in integers as |2(result·d − n)| ≤ d.
          const twiceError = 2n * (result * denominator - numerator);
          expect(twiceError <= denominator && twiceError >= -denominator).toBe(true);
          if (twiceError === denominator || twiceError === -denominator) {
            // A tie: the result is the one farther from zero.
            expect(result === 0n || result > 0n === numerator > 0n).toBe(true);
            expect(result * result * denominator * denominator >= numerator * numerator).toBe(true);
          }
        },
      ),
    );
  });

  it('refuses a denominator that is not positive', () => {
    expect(() => divideRoundingHalfAwayFromZero(1n, 0n)).toThrow(RangeError);
    expect(() => divideRoundingHalfAwayFromZero(1n, -2n)).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  it.each([
    [123456, 'usd', '$1,234.56'],
    [5000, 'jpy', '¥5,000'],
    [-1250, 'usd', '-$12.50'],
    [1000, 'eur', '€10.00'],
  ])('%i %s reads %s', (amount, currency, text) => {
    expect(formatMoney(amount, currency)).toBe(text);
  });
});
