// subscription.trial_will_end: the billing recipients learn when the trial ends and what is charged then — the
// first period as the renewal will bill it, with the buyer's tax (the page's "Then $X on DATE").
import { toDate } from '../../domain/clock.ts';
import { seatsInUse } from '../../domain/seats/seat-limit.ts';
import { loadSeatUsage } from '../seats/seat-usage.ts';
import { buyerTaxRate, nextChargeOf } from '../subscriptions/next-charge.ts';
import { liveSubscription } from '../subscriptions/subscriptions.queries.ts';
import { readWorkspace } from '../workspaces/lock-workspace.ts';
import { billingPageUrl, type EmailContext } from './email-context.ts';
import { enqueueEmail } from './enqueue-email.ts';
import { idOf } from './event-facts.ts';
import { trialEndingEmail } from './templates/trial-ending.ts';

export async function enqueueTrialEndingEmail(context: EmailContext): Promise<void> {
  const { trx, deps, event, workspace } = context;
  const subscription = await liveSubscription(trx, workspace.id);
  if (!subscription?.trial || subscription.id !== idOf(event, 'sub')) return;
  const { billing } = await readWorkspace(trx, deps, workspace.id);
  const usage = await loadSeatUsage(trx, deps.catalog, workspace.id, billing, toDate(deps.wallClock.now()));
  const charge = nextChargeOf(subscription, seatsInUse(usage), await buyerTaxRate(trx, deps, workspace.id));
  const email = await trialEndingEmail({
    workspaceName: workspace.name,
    planName: subscription.price.planName,
    trialEnd: toDate(subscription.trial.end),
    charge,
    hasCard: billing.defaultPaymentMethodId !== null,
    billingUrl: billingPageUrl(deps, workspace),
  });
  await enqueueEmail(trx, deps, {
    workspaceId: workspace.id,
    kind: 'trial_ending',
    causeId: subscription.id,
    to: context.to,
    email,
  });
}
