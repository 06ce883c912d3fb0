// The ISO 3166-1 list: every assigned code, each naming a region, and none of the reserved or user-assigned ones.
import { describe, expect, it } from 'vitest';
import { countryCodes, isCountryCode } from '../../../src/domain/countries/country-codes.ts';

describe('country codes', () => {
  it('hold the 249 assigned codes, each two upper-case letters naming a region', () => {
    const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
    expect(countryCodes.size).toBe(249);
    for (const code of countryCodes) {
      expect(code).toMatch(/^[A-Z]{2}$/);
      // Intl echoes a code it cannot name.
      expect(regionNames.of(code)).not.toBe(code);
    }
  });

  it.each(['US', 'DE', 'GB', 'AX', 'SS', 'CW', 'BQ'])('take %s', (code) => {
    expect(isCountryCode(code)).toBe(true);
  });

  it.each(['ZZ', 'EU', 'UK', 'XK', 'QO', 'AN', 'de', ''])('refuse %s', (code) => {
    expect(isCountryCode(code)).toBe(false);
  });
});
