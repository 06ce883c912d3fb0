// How credits read on the page ("5,000 credits") and whether a typed amount can be bought (its price is the server's).
import type { CustomCredits } from '../../api.ts';

const count = new Intl.NumberFormat('en-US');

/** "1 credit", "5,000 credits". */
export function formatCredits(credits: number): string {
  return `${count.format(credits)} ${Math.abs(credits) === 1 ? 'credit' : 'credits'}`;
}

/** "5,000", "-1,200": a count without its unit. */
export function formatCreditCount(credits: number): string {
  return count.format(credits);
}

/** Whether a typed amount can be bought: a whole number within the plan's bounds. */
export function isCustomAmountValid(credits: number | string, custom: CustomCredits): credits is number {
  return (
    typeof credits === 'number' &&
    Number.isInteger(credits) &&
    credits >= custom.minCredits &&
    credits <= custom.maxCredits
  );
}
