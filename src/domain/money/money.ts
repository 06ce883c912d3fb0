// Money in integer minor units: the currency's exponent (ISO 4217, via Intl), rounding and formatting.

// Building an Intl.NumberFormat costs about a tenth of a millisecond, a quarter of a long invoice PDF's render when
// built per amount; so one per currency (and locale) is kept. Currencies are three-letter codes: the maps stay small.
const exponents = new Map<string, number>();
const formats = new Map<string, Intl.NumberFormat>();

/** Minor-unit digits of a currency: 2 for usd/eur, 0 for jpy, 3 for kwd. */
export function currencyExponent(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    exponent =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    exponents.set(currency, exponent);
  }
  return exponent;
}

/** `numerator / denominator` rounded half away from zero, in exact integer arithmetic. */
export function divideRoundingHalfAwayFromZero(numerator: bigint, denominator: bigint): number {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (magnitude * 2n + denominator) / (denominator * 2n);
  const result = Number(negative ? -rounded : rounded);
  if (!Number.isSafeInteger(result)) throw new RangeError('amount exceeds the safe integer range');
  return result === 0 ? 0 : result;
}

/** "$12.50", "€1.234,00", "¥500" — an amount in minor units, formatted for people. */
export function formatMoney(amount: number, currency: string, locale = 'en-US'): string {
  const exponent = currencyExponent(currency);
  const key = `${locale} ${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
    formats.set(key, format);
  }
  return format.format(amount / 10 ** exponent);
}

/** 4500 usd → "45.00", 500 jpy → "500": minor units as a plain decimal a spreadsheet reads as a number. */
export function decimalAmount(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(minor);
  // Digits placed around the point, not divided: exact at any size, never a float's 0.1 + 0.2.
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  return `${minor < 0 ? '-' : ''}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
