// Tax rates per buyer country, from configuration ("DE=19,FR=20,US=8.875"); no rate means no tax.
import { isCountryCode } from '../countries/country-codes.ts';
import { divideRoundingHalfAwayFromZero } from '../money/money.ts';

export interface TaxRate {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  /** Decimal percent as configured: "19", "8.875". */
  percent: string;
}

export type TaxRates = ReadonlyMap<string, TaxRate>;

const entryPattern = /^([A-Z]{2})=(\d{1,2}(?:\.\d{1,4})?|100)$/;

/** Parses the configured list; throws naming the bad entry. An empty string is "no taxes". */
export function parseTaxRates(text: string): TaxRates {
  const rates = new Map<string, TaxRate>();
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const match = entryPattern.exec(entry.toUpperCase());
    if (!match?.[1] || !match[2]) {
      throw new Error(`"${entry}" is not COUNTRY=PERCENT (two-letter country code, percent like 19 or 8.875)`);
    }
    if (!isCountryCode(match[1])) throw new Error(`"${entry}" names no country: ${match[1]} is not an ISO 3166-1 code`);
    rates.set(match[1], { country: match[1], percent: match[2] });
  }
  return rates;
}

export function taxRateFor(rates: TaxRates, country: string | null): TaxRate | null {
  if (!country) return null;
  return rates.get(country.toUpperCase()) ?? null;
}

/** Tax on a subtotal, rounded once, half away from zero. */
export function taxOn(subtotal: number, rate: TaxRate | null): number {
  if (!rate) return 0;
  const [whole = '0', fraction = ''] = rate.percent.split('.');
  const scale = 10n ** BigInt(fraction.length);
  const percentScaled = BigInt(whole) * scale + BigInt(fraction || '0');
  return divideRoundingHalfAwayFromZero(BigInt(subtotal) * percentScaled, 100n * scale);
}
