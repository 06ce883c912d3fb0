// Tax rates per country from configuration, and the tax on a subtotal (rounded once, half away from zero).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTaxRates, taxOn, taxRateFor } from '../../../src/domain/invoices/tax-rates.ts';

describe('parseTaxRates', () => {
  it('reads COUNTRY=PERCENT pairs, case-insensitive, with spaces', () => {
    const rates = parseTaxRates('DE=19, fr=20,US=8.875');
    expect(taxRateFor(rates, 'de')).toEqual({ country: 'DE', percent: '19' });
    expect(taxRateFor(rates, 'FR')).toEqual({ country: 'FR', percent: '20' });
    expect(taxRateFor(rates, 'US')).toEqual({ country: 'US', percent: '8.875' });
    expect(taxRateFor(rates, 'GB')).toBeNull();
    expect(taxRateFor(rates, null)).toBeNull();
  });

  it('an empty list means no tax anywhere', () => {
    expect(parseTaxRates('').size).toBe(0);
  });

  it.each(['DE19', 'DEU=19', 'DE=101', 'DE=abc', 'DE=-5', 'ZZ=5', 'EU=20'])('refuses "%s", naming it', (entry) => {
    expect(() => parseTaxRates(`FR=20,${entry}`)).toThrow(entry);
  });
});

describe('taxOn', () => {
  const rate = (percent: string) => ({ country: 'XX', percent });

  it.each([
    [3600, '19', 684],
    [1000, '8.875', 89],
    [200, '8.875', 18],
    [1, '20', 0],
    [1, '50', 1],
    [3600, '0', 0],
    [12345, '100', 12345],
  ])('%i at %s%% is %i', (subtotal, percent, tax) => {
    expect(taxOn(subtotal, rate(percent))).toBe(tax);
  });

  it('no rate, no tax', () => {
    expect(taxOn(3600, null)).toBe(0);
  });

  it('is between 0 and the subtotal and within half a unit of the exact tax', () => {
    const percents = fc
      .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 9999 }))
      .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(4, '0')}`);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), percents, (subtotal, percent) => {
        const tax = taxOn(subtotal, rate(percent));
        expect(Number.isInteger(tax)).toBe(true);
        expect(tax).toBeGreaterThanOrEqual(0);
        expect(tax).toBeLessThanOrEqual(subtotal);
        // Exact tax = subtotal × percent / 100 = subtotal × scaled / 1,000,000 with scaled = percent × 10⁴.
        const scaled = BigInt(percent.replace('.', ''));
        const twiceError = 2n * (BigInt(tax) * 1_000_000n - BigInt(subtotal) * scaled);
        expect(twiceError <= 1_000_000n && twiceError >= -1_000_000n).toBe(true);
      }),
    );
  });
});
