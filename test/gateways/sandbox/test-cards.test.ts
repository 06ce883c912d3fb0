// The sandbox's card checks and test numbers: what a card form would refuse, and how each test card behaves.
import { describe, expect, it } from 'vitest';
import {
  behaviorOf,
  brandOf,
  cardProblem,
  normalizeCardNumber,
  passesLuhn,
} from '../../../src/gateways/sandbox/test-cards.ts';

const today = { year: 2026, month: 11 };
const visa = { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' };

describe('card numbers', () => {
  it.each([
    '4242424242424242',
    '4000000000000002',
    '4000000000009995',
    '4000000000000341',
    '4000002760003184',
    '5555555555554444',
    '378282246310005',
  ])('%s passes the Luhn check', (number) => {
    expect(passesLuhn(number)).toBe(true);
  });

  it.each(['4242424242424241', '4000000000000003', '1234567812345678'])('%s fails it', (number) => {
    expect(passesLuhn(number)).toBe(false);
  });

  it('takes spaces and dashes as typed', () => {
    expect(normalizeCardNumber('4242 4242-4242 4242')).toBe('4242424242424242');
  });

  it.each([
    ['4242424242424242', 'visa'],
    ['5555555555554444', 'mastercard'],
    ['2223003122003222', 'mastercard'],
    ['378282246310005', 'amex'],
    ['6011111111111117', 'discover'],
  ])('%s is %s', (number, brand) => {
    expect(brandOf(number)).toBe(brand);
  });

  it.each([
    ['4242424242424242', 'succeeds'],
    ['4000000000000002', 'declined'],
    ['4000000000009995', 'insufficient_funds'],
    ['4000000000000341', 'charges_fail'],
    ['4000002760003184', 'requires_authentication'],
    ['5555555555554444', 'succeeds'],
  ])('test card %s %s', (number, behavior) => {
    expect(behaviorOf(number)).toBe(behavior);
  });
});

describe('cardProblem', () => {
  it('accepts a well-formed card, including one expiring this month', () => {
    expect(cardProblem(visa, today)).toBeNull();
    expect(cardProblem({ ...visa, expYear: 2026, expMonth: 11 }, today)).toBeNull();
  });

  it.each([
    [{ number: '4242424242424241' }, 'number', 'Your card number is incorrect.'],
    [{ number: '4242' }, 'number', 'Your card number is incorrect.'],
    [{ expMonth: 13 }, 'expMonth', "Your card's expiration month is invalid."],
    [{ expMonth: 0 }, 'expMonth', "Your card's expiration month is invalid."],
    [{ expYear: 2026, expMonth: 10 }, 'expYear', 'Your card has expired.'],
    [{ expYear: 2025 }, 'expYear', 'Your card has expired.'],
    [{ expYear: 2099 }, 'expYear', "Your card's expiration year is invalid."],
    [{ cvc: '12' }, 'cvc', "Your card's security code is invalid."],
    [{ cvc: '1234' }, 'cvc', "Your card's security code is invalid."],
    [{ number: '378282246310005', cvc: '123' }, 'cvc', "Your card's security code is invalid."],
  ])('%o is refused on %s', (change, field, message) => {
    expect(cardProblem({ ...visa, ...change }, today)).toEqual({ field, message });
  });

  it('an American Express card takes a four-digit code', () => {
    expect(cardProblem({ ...visa, number: '378282246310005', cvc: '1234' }, today)).toBeNull();
  });
});
