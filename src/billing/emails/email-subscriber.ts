// The event subscriber that turns published events into billing emails, in the publishing transaction: each
// email is a row of the email outbox, made once per cause (sendDueEmails sends it later).
import type { EventSubscriber, PublishedEvent } from '../events/event-subscriber.ts';
import { billingRecipients } from './billing-recipients.ts';
import { enqueueCreditsDepletedEmail, enqueueCreditsLowEmail } from './credits-emails.ts';
import type { EmailContext } from './email-context.ts';
import { type EmailWorkspace, findEmailWorkspace } from './email-recipients.queries.ts';
import { enqueueInvoicePaidEmail, enqueuePaymentFailedEmail } from './invoice-emails.ts';
import { enqueueSubscriptionEndedEmail, enqueueSubscriptionEndingEmail } from './subscription-emails.ts';
import { enqueueTrialEndingEmail } from './trial-emails.ts';

type EmailOfEvent = (context: EmailContext) => Promise<void>;

/** Which events make an email; every other event makes none. */
const emailsByEventType: Partial<Record<PublishedEvent['type'], EmailOfEvent>> = {
  'invoice.paid': enqueueInvoicePaidEmail,
  'invoice.payment_failed': enqueuePaymentFailedEmail,
  'subscription.updated': enqueueSubscriptionEndingEmail,
  'subscription.canceled': enqueueSubscriptionEndedEmail,
  'subscription.trial_will_end': enqueueTrialEndingEmail,
  'credits.low_balance': enqueueCreditsLowEmail,
  'credits.depleted': enqueueCreditsDepletedEmail,
};

export const emailSubscriber: EventSubscriber = async (trx, deps, events) => {
  // A batch holds many events of few workspaces: each workspace and its recipients are read once.
  const workspaces = new Map<string, { workspace: EmailWorkspace; to: string[] } | null>();
  for (const event of events) {
    const emailOf = emailsByEventType[event.type];
    if (!emailOf) continue;
    let found = workspaces.get(event.workspaceId);
    if (found === undefined) {
      const workspace = await findEmailWorkspace(trx, event.workspaceId);
      found = workspace ? { workspace, to: await billingRecipients(trx, deps, workspace.id) } : null;
      workspaces.set(event.workspaceId, found);
    }
    if (!found || found.to.length === 0) continue;
    await emailOf({ trx, deps, event, workspace: found.workspace, to: found.to });
  }
};
