// The sandbox's card rules: number checks (Luhn, length, expiry, CVC), brands, and the well-known test-mode
// numbers that make a card decline, run out of funds, fail every charge or ask for authentication.

export type CardBehavior = 'succeeds' | 'declined' | 'insufficient_funds' | 'charges_fail' | 'requires_authentication';

/** DESIGN.md section 3: the usual test-mode numbers. Any other valid number succeeds. */
const behaviorByNumber: Record<string, CardBehavior> = {
  '4242424242424242': 'succeeds',
  '4000000000000002': 'declined',
  '4000000000009995': 'insufficient_funds',
  '4000000000000341': 'charges_fail',
  '4000002760003184': 'requires_authentication',
};

export function behaviorOf(number: string): CardBehavior {
  return behaviorByNumber[number] ?? 'succeeds';
}

export interface CardDecline {
  code: string;
  message: string;
}

export const declines = {
  declined: { code: 'card_declined', message: 'Your card was declined.' },
  insufficientFunds: { code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
} satisfies Record<string, CardDecline>;

/** Why a card cannot be attached (checked when the card is saved), or null. */
export function attachDeclineFor(behavior: CardBehavior): CardDecline | null {
  if (behavior === 'declined') return declines.declined;
  if (behavior === 'insufficient_funds') return declines.insufficientFunds;
  return null;
}

export function brandOf(number: string): string {
  if (/^4/.test(number)) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  return 'unknown';
}

export function passesLuhn(number: string): boolean {
  let sum = 0;
  for (let index = 0; index < number.length; index++) {
    let digit = Number(number[number.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export interface CardProblem {
  field: keyof CardInput;
  message: string;
}

/** The first problem with a card as typed, in the words card forms use, or null when it is well formed. */
export function cardProblem(card: CardInput, today: { year: number; month: number }): CardProblem | null {
  const number = card.number;
  if (!/^\d{12,19}$/.test(number) || !passesLuhn(number)) {
    return { field: 'number', message: 'Your card number is incorrect.' };
  }
  if (!Number.isInteger(card.expMonth) || card.expMonth < 1 || card.expMonth > 12) {
    return { field: 'expMonth', message: "Your card's expiration month is invalid." };
  }
  if (!Number.isInteger(card.expYear) || card.expYear < 2000 || card.expYear > today.year + 50) {
    return { field: 'expYear', message: "Your card's expiration year is invalid." };
  }
  if (card.expYear < today.year || (card.expYear === today.year && card.expMonth < today.month)) {
    return { field: 'expYear', message: 'Your card has expired.' };
  }
  const cvcDigits = brandOf(number) === 'amex' ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcDigits}}$`).test(card.cvc)) {
    return { field: 'cvc', message: "Your card's security code is invalid." };
  }
  return null;
}

/** Digits only: card forms let people type spaces and dashes. */
export function normalizeCardNumber(typed: string): string {
  return typed.replace(/[\s-]/g, '');
}

/** Two-digit years ("27") mean this century, as on the card itself. */
export function normalizeExpYear(year: number): number {
  return year < 100 ? 2000 + year : year;
}
