// What a plan sells credits for: its packs, and optionally any amount within bounds priced per 1,000 credits.
// Turns a buyer's choice into the credits granted and the one invoice line charged for them.
import { BillingError } from '../errors.ts';
import { fullLine, type InvoiceLine } from '../invoices/invoice-totals.ts';
import { divideRoundingHalfAwayFromZero } from '../money/money.ts';
import type { CreditPack, CustomCredits } from '../plans/plan.ts';

export interface CreditOffer {
  packs: readonly CreditPack[];
  custom: CustomCredits | null;
}

export type CreditChoice = { pack: string } | { credits: number };

export interface PricedCredits {
  credits: number;
  packId: string | null;
  currency: string;
  line: InvoiceLine;
}

export function priceCredits(offer: CreditOffer, choice: CreditChoice): PricedCredits {
  if ('pack' in choice) {
    const pack = offer.packs.find((p) => p.id === choice.pack);
    if (!pack) {
      throw new BillingError(
        'invalid_request',
        `There is no credit pack "${choice.pack}" on this plan. Choose one of: ${offer.packs.map((p) => p.id).join(', ')}.`,
        { param: 'pack' },
      );
    }
    return {
      credits: pack.credits,
      packId: pack.id,
      currency: pack.currency,
      line: fullLine(`${formatCredits(pack.credits)} credits`, 1, pack.unitAmount),
    };
  }
  const { custom } = offer;
  if (!custom) {
    throw new BillingError('invalid_request', 'This plan sells credits in packs only: choose a pack.', {
      param: 'credits',
    });
  }
  if (choice.credits < custom.minCredits || choice.credits > custom.maxCredits) {
    throw new BillingError(
      'invalid_request',
      `Buy between ${formatCredits(custom.minCredits)} and ${formatCredits(custom.maxCredits)} credits.`,
      { param: 'credits' },
    );
  }
  const amount = divideRoundingHalfAwayFromZero(BigInt(choice.credits) * BigInt(custom.unitAmountPer1000), 1000n);
  return {
    credits: choice.credits,
    packId: null,
    currency: custom.currency,
    line: fullLine(`${formatCredits(choice.credits)} credits`, 1, amount),
  };
}

/** 5000 → "5,000". */
export function formatCredits(credits: number): string {
  return new Intl.NumberFormat('en-US').format(credits);
}
