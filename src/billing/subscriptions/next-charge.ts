// "Next charge" on the page: the renewal as it will run (domain nextRenewal), its total with the buyer's tax, on
// the day the period ends. The renewal job bills exactly this.
import type { BillfoldDb } from '../../db/connection.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import type { Discount } from '../../domain/discounts/discount.ts';
import { renewalLines } from '../../domain/discounts/discounted-lines.ts';
import { invoiceTotals } from '../../domain/invoices/invoice-totals.ts';
import { type TaxRate, taxRateFor } from '../../domain/invoices/tax-rates.ts';
import { nextRenewal } from '../../domain/subscriptions/next-renewal.ts';
import type { Subscription } from '../../domain/subscriptions/subscription.ts';
import { findBillingDetails } from '../billing-details/billing-details.queries.ts';
import type { BillingDeps } from '../deps.ts';

export interface NextCharge {
  amount: number;
  currency: string;
  date: Date;
}

/** The tax rate of the workspace's billing country (none without billing details). */
export async function buyerTaxRate(
  db: BillfoldDb | BillfoldTransaction,
  deps: Pick<BillingDeps, 'invoicing'>,
  workspaceId: string,
): Promise<TaxRate | null> {
  const details = await findBillingDetails(db, workspaceId);
  return taxRateFor(deps.invoicing.taxRates, details?.buyer.country ?? null);
}

/** Null when the subscription ends at the period end instead of renewing. The discount, while it lasts, is taken off. */
export function nextChargeOf(
  subscription: Subscription,
  seatsInUse: number,
  taxRate: TaxRate | null,
  discount: Discount | null = null,
): NextCharge | null {
  const renewal = nextRenewal(subscription, seatsInUse);
  if (!renewal) return null;
  const { total } = invoiceTotals(renewalLines(renewal, discount), taxRate);
  return { amount: total, currency: renewal.price.currency, date: toDate(subscription.currentPeriod.end) };
}
