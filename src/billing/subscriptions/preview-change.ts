// What a plan or seat change (or Cancel) would do, priced exactly as carrying it out would price it: the amount
// due now (lines and the buyer's tax), when it takes effect, the next charge after it and its consequences. The
// subscription after it is the same lifecycle transition applied in memory. Nothing is written.
import { toDate } from '../../domain/clock.ts';
import { discountedQuote } from '../../domain/discounts/discounted-lines.ts';
import { BillingError } from '../../domain/errors.ts';
import { type InvoiceLine, invoiceTotals } from '../../domain/invoices/invoice-totals.ts';
import { seatsInUse } from '../../domain/seats/seat-limit.ts';
import { type ChangeConsequences, changeConsequences } from '../../domain/subscriptions/change-consequences.ts';
import {
  type ChangeQuote,
  type PlanTarget,
  planAfterCancel,
  quoteChange,
} from '../../domain/subscriptions/quote-change.ts';
import type { Subscription } from '../../domain/subscriptions/subscription.ts';
import {
  applyPaidChange,
  planOf,
  subscribe,
  type WorkspacePlan,
} from '../../domain/subscriptions/subscription-lifecycle.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { readCreditAccount } from '../credits/credit-account.queries.ts';
import type { BillingDeps } from '../deps.ts';
import { discountOf } from '../discounts/discounts.queries.ts';
import { promotionCodeDiscount } from '../discounts/promotion-code-discount.ts';
import { type ChangeContext, readChangeContext } from './change-context.ts';
import { buyerTaxRate, type NextCharge, nextChargeOf } from './next-charge.ts';
import { periodEndTransitionOf } from './period-end-transition.ts';
import { trialTransitionOf } from './trial-transition.ts';

export interface ChangePreview {
  effective: 'unchanged' | 'now' | 'period_end';
  effectiveAt: Date;
  currency: string;
  lines: InvoiceLine[];
  subtotal: number;
  tax: number;
  amountDue: number;
  nextCharge: NextCharge | null;
  /** Set when the change starts a free trial: nothing is due now, and `nextCharge` falls on this day. */
  trialEnd: Date | null;
  consequences: {
    membersOverLimit: ChangeConsequences['membersOverLimit'];
    creditsExpiring: { credits: number; at: Date } | null;
  };
}

export async function previewChange(
  deps: BillingDeps,
  access: WorkspaceAccess,
  targetFor: (context: ChangeContext) => PlanTarget,
  promotionCode: string | null = null,
): Promise<ChangePreview> {
  const context = await readChangeContext(deps.db, deps, access.workspace.id);
  const now = context.workspace.now;
  const undiscounted = quoteChange(context.current, targetFor(context), now);
  const discount = promotionCode
    ? (await promotionCodeDiscount(deps.db, access.workspace.id, promotionCode, undiscounted)).discount
    : context.subscription && (await discountOf(deps.db, context.subscription.id));
  const quote = discountedQuote(undiscounted, context.subscription, discount);
  const taxRate = await buyerTaxRate(deps.db, deps, access.workspace.id);
  const lines = 'lines' in quote ? quote.lines : [];
  const totals = invoiceTotals(lines, taxRate);
  const after = subscriptionAfter(context, quote);
  return {
    effective: quote.effect,
    effectiveAt: quote.effect === 'period_end' ? toDate(quote.at) : toDate(now),
    currency: currencyOf(context, quote),
    lines,
    subtotal: totals.subtotal,
    tax: totals.tax,
    amountDue: totals.total,
    nextCharge: after ? nextChargeOf(after, seatsInUse(context.usage), taxRate, discount) : null,
    trialEnd: quote.effect === 'now' && quote.kind === 'start_trial' ? toDate(quote.period.end) : null,
    consequences: await consequencesOf(deps, context, quote, after),
  };
}

/** Cancel, previewed: the same as choosing Free. */
export async function previewCancel(deps: BillingDeps, access: WorkspaceAccess): Promise<ChangePreview> {
  return previewChange(deps, access, (context) => {
    if (!context.subscription || context.subscription.status === 'incomplete') {
      throw new BillingError('no_subscription', `${access.workspace.name} has no paid subscription to cancel.`);
    }
    return { kind: 'no_subscription', planId: planAfterCancel };
  });
}

/** The subscription as it would stand once the change is made (or scheduled); null when there would be none. */
function subscriptionAfter(context: ChangeContext, quote: ChangeQuote): Subscription | null {
  const current = context.subscription;
  if (quote.effect === 'unchanged' || quote.effect === 'period_end') {
    return current && (periodEndTransitionOf(current, quote)?.subscription ?? current);
  }
  switch (quote.kind) {
    case 'switch_plan':
      return null;
    case 'subscribe': {
      const created = subscribe({
        id: 'sub_preview',
        workspaceId: context.workspace.billing.workspaceId,
        price: quote.price,
        seats: quote.seats,
        period: quote.period,
        now: context.workspace.now,
      });
      return applyPaidChange(created.subscription, { kind: 'subscribe' }).subscription;
    }
    case 'change_plan':
      if (!current) return null;
      return applyPaidChange(current, {
        kind: 'change_plan',
        price: quote.price,
        seats: quote.seats,
        newAnchor: quote.newAnchor?.toString() ?? null,
      }).subscription;
    case 'add_seats':
      if (!current) return null;
      return applyPaidChange(current, { kind: 'add_seats', seats: context.current.pendingSeats + quote.addedSeats })
        .subscription;
    case 'start_trial':
    case 'trial_change': {
      // The card a trial may need is asked for when it starts; the preview shows what the trial brings.
      const start = {
        id: 'sub_preview',
        workspaceId: context.workspace.billing.workspaceId,
        now: context.workspace.now,
      };
      return trialTransitionOf(current, quote, { ...start, hasCard: true }).subscription;
    }
  }
}

async function consequencesOf(
  deps: BillingDeps,
  context: ChangeContext,
  quote: ChangeQuote,
  after: Subscription | null,
): Promise<ChangePreview['consequences']> {
  const planAfter = planAfterChange(context, quote, after);
  if (!planAfter) return { membersOverLimit: null, creditsExpiring: null };
  const wallet =
    quote.effect === 'period_end' ? await readCreditAccount(deps.db, context.workspace.billing.workspaceId) : undefined;
  const { membersOverLimit, creditsExpiring } = changeConsequences({
    catalog: deps.catalog,
    usage: context.usage,
    planAfter,
    openGrants: wallet?.open ?? [],
    takesEffectAt: quote.effect === 'period_end' ? quote.at : null,
  });
  return {
    membersOverLimit,
    creditsExpiring: creditsExpiring && { credits: creditsExpiring.credits, at: toDate(creditsExpiring.at) },
  };
}

function planAfterChange(context: ChangeContext, quote: ChangeQuote, after: Subscription | null): WorkspacePlan | null {
  if (quote.effect === 'unchanged') return null;
  if (quote.kind === 'switch_plan') return { planId: quote.planId, maxUsers: null };
  if (quote.kind === 'cancel') return { planId: planAfterCancel, maxUsers: null };
  if (quote.kind === 'schedule') {
    const change = quote.change;
    return change.kind === 'switch'
      ? { planId: change.planId, maxUsers: null }
      : { planId: change.price.planId, maxUsers: change.price.perSeat ? change.seats : null };
  }
  return after
    ? planOf(after)
    : { planId: context.workspace.billing.planId, maxUsers: context.workspace.billing.maxUsers };
}

function currencyOf(context: ChangeContext, quote: ChangeQuote): string {
  if ('price' in quote) return quote.price.currency;
  return (
    context.subscription?.price.currency ?? context.deps.catalog.plans.flatMap((p) => p.prices)[0]?.currency ?? 'usd'
  );
}
