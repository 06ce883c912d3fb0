// What every event-made email is written with: the transaction of the publishing run, the deps, the workspace
// (name and slug for links) and its billing recipients.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { BillingDeps } from '../deps.ts';
import type { PublishedEvent } from '../events/event-subscriber.ts';
import type { EmailWorkspace } from './email-recipients.queries.ts';

export interface EmailContext {
  trx: BillfoldTransaction;
  deps: BillingDeps;
  event: PublishedEvent;
  workspace: EmailWorkspace;
  to: readonly string[];
}

/** The Plan & Billing page of the workspace, where the card is updated and plans are chosen. */
export function billingPageUrl(deps: Pick<BillingDeps, 'baseUrl'>, workspace: Pick<EmailWorkspace, 'slug'>): string {
  return `${deps.baseUrl}/w/${encodeURIComponent(workspace.slug)}/billing`;
}
