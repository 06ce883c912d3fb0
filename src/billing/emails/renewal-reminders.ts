// The yearly-renewal reminder: every active yearly subscription whose period ends within 7 days gets one email
// per period, with the day and what will be charged. A workspace on a test clock is judged by its clock's time
// (so advancing the clock to a week before the renewal makes the reminder), others by the server's clock.
import { inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { seatsInUse } from '../../domain/seats/seat-limit.ts';
import type { BillingDeps } from '../deps.ts';
import { discountOf } from '../discounts/discounts.queries.ts';
import { loadSeatUsage } from '../seats/seat-usage.ts';
import { buyerTaxRate, nextChargeOf } from '../subscriptions/next-charge.ts';
import { liveSubscription } from '../subscriptions/subscriptions.queries.ts';
import { readWorkspace } from '../workspaces/lock-workspace.ts';
import { billingRecipients } from './billing-recipients.ts';
import { listYearlyRenewalsDue, renewalReminderCause } from './email-causes.queries.ts';
import { billingPageUrl } from './email-context.ts';
import { findEmailWorkspace } from './email-recipients.queries.ts';
import { enqueueEmail } from './enqueue-email.ts';
import { renewalReminderEmail } from './templates/renewal-reminder.ts';

const renewalReminderDays = 7;

/** Enqueues the reminders that fell due; returns how many subscriptions were looked at. */
export async function enqueueRenewalReminders(deps: BillingDeps, limit = 100): Promise<number> {
  return inTransaction(deps.db, async (trx) => {
    const due = await listYearlyRenewalsDue(trx, toDate(deps.clock.now()), renewalReminderDays, limit);
    for (const renewing of due) {
      const workspace = await findEmailWorkspace(trx, renewing.workspaceId);
      const subscription = await liveSubscription(trx, renewing.workspaceId);
      if (!workspace || subscription?.id !== renewing.id) continue;
      const { billing } = await readWorkspace(trx, deps, workspace.id);
      const usage = await loadSeatUsage(trx, deps.catalog, workspace.id, billing, toDate(deps.wallClock.now()));
      const taxRate = await buyerTaxRate(trx, deps, workspace.id);
      const charge = nextChargeOf(subscription, seatsInUse(usage), taxRate, await discountOf(trx, subscription.id));
      const email = await renewalReminderEmail({
        workspaceName: workspace.name,
        planName: subscription.price.planName,
        renewsAt: renewing.currentPeriodEnd,
        charge,
        billingUrl: billingPageUrl(deps, workspace),
      });
      await enqueueEmail(trx, deps, {
        workspaceId: workspace.id,
        kind: 'renewal_reminder',
        causeId: renewalReminderCause(renewing.id, renewing.currentPeriodEnd),
        to: await billingRecipients(trx, deps, workspace.id),
        email,
      });
    }
    return due.length;
  });
}
