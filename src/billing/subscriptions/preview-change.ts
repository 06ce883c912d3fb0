// What a plan or seat change would do, priced exactly as carrying it out would price it: the amount due now
// (lines and the buyer's tax), when it takes effect, and the next charge after it. Nothing is written.
import type { SubscriptionRow } from '../../db/tables.ts';
import { toDate } from '../../domain/clock.ts';
import { type InvoiceLine, invoiceTotals } from '../../domain/invoices/invoice-totals.ts';
import { taxRateFor } from '../../domain/invoices/tax-rates.ts';
import { seatsInUse } from '../../domain/seats/seat-limit.ts';
import { billingPeriod } from '../../domain/subscriptions/billing-period.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { type ChangeContext, readChangeContext } from './change-context.ts';
import { nextChargeOf } from './next-renewal.ts';
import type { ChangeQuote, PlanTarget } from './quote-change.ts';
import { quoteChange } from './quote-change.ts';

export interface ChangePreview {
  effective: 'unchanged' | 'now' | 'period_end';
  effectiveAt: Date;
  currency: string;
  lines: InvoiceLine[];
  subtotal: number;
  tax: number;
  amountDue: number;
  nextCharge: { amount: number; currency: string; date: Date } | null;
}

export async function previewChange(
  deps: BillingDeps,
  access: WorkspaceAccess,
  targetFor: (context: ChangeContext) => PlanTarget,
): Promise<ChangePreview> {
  const context = await readChangeContext(deps.db, deps, access.workspace.id);
  const now = context.deps.clock.now();
  const quote = quoteChange(context.current, targetFor(context), now);
  const buyer = await deps.db
    .selectFrom('billing_details')
    .select('country')
    .where('workspace_id', '=', access.workspace.id)
    .executeTakeFirst();
  const lines = 'lines' in quote ? quote.lines : [];
  const totals = invoiceTotals(lines, taxRateFor(deps.invoicing.taxRates, buyer?.country ?? null));
  const after = subscriptionAfter(context, quote, now);
  return {
    effective: quote.effect,
    effectiveAt: quote.effect === 'period_end' ? toDate(quote.at) : toDate(now),
    currency: currencyOf(context, quote),
    lines,
    subtotal: totals.subtotal,
    tax: totals.tax,
    amountDue: totals.total,
    nextCharge: after ? await nextChargeOf(deps.db, deps, after, seatsInUse(context.usage)) : null,
  };
}

/** The subscription as it would stand once the change is made (or scheduled). */
function subscriptionAfter(
  context: ChangeContext,
  quote: ChangeQuote,
  now: ReturnType<BillingDeps['clock']['now']>,
): SubscriptionRow | null {
  const current = context.subscription;
  // Choosing the current plan again drops a scheduled change or cancel (carry-out-change.ts does the same).
  if (quote.effect === 'unchanged')
    return current ? { ...current, scheduled_change: null, cancel_at_period_end: false } : null;
  switch (quote.kind) {
    case 'switch_plan':
    case 'cancel':
      return null;
    case 'subscribe':
      return {
        id: 'preview',
        workspace_id: context.billing.workspace_id,
        status: 'active',
        price: quote.price,
        seats: quote.seats,
        anchor: toDate(quote.period.start),
        period_index: 0,
        current_period_start: toDate(quote.period.start),
        current_period_end: toDate(quote.period.end),
        cancel_at_period_end: false,
        ends_with_plan_id: null,
        scheduled_change: null,
        past_due_since: null,
        retries_done: 0,
        next_retry_at: null,
        dunning_invoice_id: null,
        created_at: toDate(now),
        canceled_at: null,
      };
    default: {
      if (!current) return null;
      if (quote.kind === 'schedule')
        return {
          ...current,
          scheduled_change: { price: quote.price, seats: quote.seats },
          cancel_at_period_end: false,
        };
      if (quote.kind === 'add_seats')
        return { ...current, seats: (current.seats ?? 0) + context.current.pendingSeats + quote.addedSeats };
      const period = quote.newAnchor ? billingPeriod(quote.newAnchor, quote.price.interval, 0) : null;
      return {
        ...current,
        price: quote.price,
        seats: quote.seats,
        scheduled_change: null,
        cancel_at_period_end: false,
        ...(quote.newAnchor && period
          ? {
              anchor: toDate(quote.newAnchor),
              period_index: 0,
              current_period_start: toDate(period.start),
              current_period_end: toDate(period.end),
            }
          : {}),
      };
    }
  }
}

function currencyOf(context: ChangeContext, quote: ChangeQuote): string {
  if ('price' in quote) return quote.price.currency;
  return (
    context.subscription?.price.currency ?? context.deps.catalog.plans.flatMap((p) => p.prices)[0]?.currency ?? 'usd'
  );
}
