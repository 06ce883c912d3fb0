// How a card reads on the page ("Visa •••• 4242", "Expires 04/27") and how the card form tidies what is typed.

const brandNames: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
};

export function brandName(brand: string): string {
  return brandNames[brand.toLowerCase()] ?? 'Card';
}

export function cardLabel(card: { brand: string; last4: string }): string {
  return `${brandName(card.brand)} •••• ${card.last4}`;
}

/** MM/YY, as printed on the card. */
export function formatExpiry(card: { expMonth: number; expYear: number }): string {
  return `${String(card.expMonth).padStart(2, '0')}/${String(card.expYear % 100).padStart(2, '0')}`;
}

/** True from the first day after the expiry month. */
export function isExpired(card: { expMonth: number; expYear: number }, today = new Date()): boolean {
  const year = today.getFullYear();
  const month = today.getMonth() + 1;
  return card.expYear < year || (card.expYear === year && card.expMonth < month);
}

/** Digits in groups of four as they are typed (American Express: 4-6-5), at most 19 digits. */
export function spaceCardNumber(typed: string): string {
  const digits = typed.replace(/\D/g, '').slice(0, 19);
  const groups = /^3[47]/.test(digits) ? [4, 6, 5] : [4, 4, 4, 4, 3];
  const parts: string[] = [];
  let rest = digits;
  for (const size of groups) {
    if (!rest) break;
    parts.push(rest.slice(0, size));
    rest = rest.slice(size);
  }
  return parts.join(' ');
}

/** "0427" or "04/27" becomes "04 / 27"; a first digit above 1 is a month on its own ("4" → "04 / "). */
export function spaceExpiry(typed: string, previous: string): string {
  let digits = typed.replace(/\D/g, '').slice(0, 4);
  if (/^[2-9]$/.test(digits)) digits = `0${digits}`;
  // Deleting the separator deletes the month's last digit too, so backspace does not get stuck.
  if (typed.length < previous.length && previous.endsWith(' / ') && digits.length === 2) return digits.slice(0, 1);
  if (digits.length < 2) return digits;
  return `${digits.slice(0, 2)} / ${digits.slice(2)}`;
}

/** The month and the four-digit year of "MM / YY", or null when it is not a date yet. */
export function parseExpiry(text: string): { expMonth: number; expYear: number } | null {
  const match = /^(\d{2}) \/ (\d{2})$/.exec(text);
  if (!match?.[1] || !match[2]) return null;
  return { expMonth: Number(match[1]), expYear: 2000 + Number(match[2]) };
}
