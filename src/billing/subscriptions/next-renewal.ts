// The renewal as it will run: the scheduled change applied, the next period, seats never below those in use.
// The renewal job bills exactly this, and the page's "Next charge" is its total with the buyer's tax.

import type { BillfoldDb } from '../../db/connection.ts';
import type { SubscriptionRow } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { type InvoiceLine, invoiceTotals } from '../../domain/invoices/invoice-totals.ts';
import { taxRateFor } from '../../domain/invoices/tax-rates.ts';
import { type BillingPeriod, billingPeriod } from '../../domain/subscriptions/billing-period.ts';
import { periodLine } from '../../domain/subscriptions/subscription-lines.ts';
import type { SubscriptionPrice } from '../../domain/subscriptions/subscription-price.ts';
import type { BillingDeps } from '../deps.ts';
import { instantOf } from './live-subscription.ts';

export interface NextRenewal {
  price: SubscriptionPrice;
  seats: number | null;
  anchor: Date;
  periodIndex: number;
  period: BillingPeriod;
  line: InvoiceLine;
}

/** Null when the subscription ends at the period end instead of renewing. */
export function nextRenewal(subscription: SubscriptionRow, seatsInUse: number): NextRenewal | null {
  if (subscription.cancel_at_period_end || subscription.status === 'canceled' || subscription.status === 'incomplete') {
    return null;
  }
  const scheduled = subscription.scheduled_change;
  const price = scheduled?.price ?? subscription.price;
  const wantedSeats = scheduled ? scheduled.seats : subscription.seats;
  // Members and invites that arrived after a decrease was scheduled still hold their seats.
  const seats = price.perSeat ? Math.max(wantedSeats ?? 1, seatsInUse) : null;
  // A new interval starts its own periods at the old period's end.
  const reanchors = price.interval !== subscription.price.interval;
  const anchor = reanchors ? subscription.current_period_end : subscription.anchor;
  const periodIndex = reanchors ? 0 : subscription.period_index + 1;
  const period = billingPeriod(instantOf(anchor), price.interval, periodIndex);
  return { price, seats, anchor, periodIndex, period, line: periodLine(price, seats, period) };
}

/** "Next charge" on the page: the renewal's total, tax included, on the day the period ends. */
export async function nextChargeOf(
  db: BillfoldDb | BillfoldTransaction,
  deps: Pick<BillingDeps, 'invoicing'>,
  subscription: SubscriptionRow,
  seatsInUse: number,
): Promise<{ amount: number; currency: string; date: Date } | null> {
  const renewal = nextRenewal(subscription, seatsInUse);
  if (!renewal) return null;
  const buyer = await db
    .selectFrom('billing_details')
    .select('country')
    .where('workspace_id', '=', subscription.workspace_id)
    .executeTakeFirst();
  const { total } = invoiceTotals([renewal.line], taxRateFor(deps.invoicing.taxRates, buyer?.country ?? null));
  return { amount: total, currency: renewal.price.currency, date: subscription.current_period_end };
}
