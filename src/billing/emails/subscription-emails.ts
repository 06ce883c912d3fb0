// The emails of a subscription's end: a cancel scheduled ("active until …"), the subscription ended at its
// period end, and the last dunning retry failed ("back to Free").
import { formatMoney } from '../../domain/money/money.ts';
import type { PlanCatalog } from '../../domain/plans/plan.ts';
import { findIssuedInvoice } from '../invoices/invoice-views.queries.ts';
import { findSubscriptionFacts } from './email-causes.queries.ts';
import { billingPageUrl, type EmailContext } from './email-context.ts';
import { enqueueEmail } from './enqueue-email.ts';
import { idOf, objectOf, previousOf, stringOf } from './event-facts.ts';
import { backToFreeEmail } from './templates/back-to-free.ts';
import { subscriptionEndedEmail } from './templates/subscription-ended.ts';
import { subscriptionEndingEmail } from './templates/subscription-ending.ts';

/**
 * subscription.updated that schedules a cancel: the subscription now has cancelAtPeriodEnd: true and its previous
 * values say it was false (an event without previous values carries true only for a cancel).
 */
export async function enqueueSubscriptionEndingEmail(context: EmailContext): Promise<void> {
  const { trx, deps, event, workspace } = context;
  if (objectOf(event).cancelAtPeriodEnd !== true) return;
  const previous = previousOf(event);
  if (previous && previous.cancelAtPeriodEnd !== false) return;
  const subscriptionId = idOf(event, 'sub');
  const subscription = subscriptionId ? await findSubscriptionFacts(trx, subscriptionId) : undefined;
  if (!subscription) return;
  const activeUntil = dateOf(stringOf(event, 'activeUntil')) ?? subscription.currentPeriodEnd;
  const email = await subscriptionEndingEmail({
    workspaceName: workspace.name,
    planName: subscription.planName,
    activeUntil,
    billingUrl: billingPageUrl(deps, workspace),
  });
  await enqueueEmail(trx, deps, {
    workspaceId: workspace.id,
    kind: 'subscription_ending',
    causeId: event.id,
    to: context.to,
    email,
  });
}

/** subscription.canceled: ended as scheduled, or ended because the last retry failed (back to Free). */
export async function enqueueSubscriptionEndedEmail(context: EmailContext): Promise<void> {
  const { trx, deps, event, workspace } = context;
  const subscriptionId = idOf(event, 'sub');
  const subscription = subscriptionId ? await findSubscriptionFacts(trx, subscriptionId) : undefined;
  if (!subscription) return;
  const previous = previousOf(event);
  // A subscription that ends past due ended for non-payment (its past-due mark stays on the ended row).
  const endedUnpaid = previous?.status === 'past_due' || subscription.pastDueSince !== null;
  // A scheduled switch (to Flex) was the change the period end brought: the plan the workspace is on now.
  const planAfterId = planIdOf(previous?.scheduledChange) ?? subscription.endsWithPlanId ?? 'free';
  const base = { workspaceId: workspace.id, causeId: subscription.id, to: context.to };
  const names = {
    workspaceName: workspace.name,
    planName: subscription.planName,
    planAfterName: planName(deps.catalog, planAfterId),
    billingUrl: billingPageUrl(deps, workspace),
  };
  if (endedUnpaid) {
    const invoice = subscription.dunningInvoiceId
      ? await findIssuedInvoice(trx, deps.baseUrl, workspace.id, subscription.dunningInvoiceId)
      : undefined;
    const unpaid = invoice
      ? { number: invoice.number ?? invoice.id, amount: formatMoney(invoice.total, invoice.currency) }
      : null;
    await enqueueEmail(trx, deps, {
      ...base,
      kind: 'back_to_free',
      email: await backToFreeEmail({ ...names, unpaid }),
    });
    return;
  }
  await enqueueEmail(trx, deps, { ...base, kind: 'subscription_ended', email: await subscriptionEndedEmail(names) });
}

function planName(catalog: PlanCatalog, planId: string): string {
  return catalog.plans.find((p) => p.id === planId)?.name ?? planId;
}

function planIdOf(change: unknown): string | null {
  if (typeof change !== 'object' || change === null) return null;
  const plan = (change as { plan?: { id?: unknown } }).plan;
  return typeof plan?.id === 'string' ? plan.id : null;
}

function dateOf(value: string | null): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
