// Amounts in integer minor units, formatted for people with the currency's own exponent (ISO 4217, via Intl).

/** Minor-unit digits of a currency: 2 for usd/eur, 0 for jpy, 3 for kwd. */
function currencyExponent(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "$12.50", "¥500", "KWD 1.250": 1250 usd is $12.50, 500 jpy is ¥500. */
export function formatMoney(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: code }).format(
    amount / 10 ** currencyExponent(code),
  );
}

/** A catalog price: "$12" for a whole amount, "$12.50" otherwise. */
export function formatPrice(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  const exponent = currencyExponent(code);
  const whole = amount % 10 ** exponent === 0;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: code,
    minimumFractionDigits: whole ? 0 : exponent,
  }).format(amount / 10 ** exponent);
}
