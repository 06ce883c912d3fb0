// Enqueues a rendered email in the email outbox inside the caller's transaction, so the email exists exactly when
// its cause does; a cause seen again (a republished event, a retried job) makes no second email.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { newId } from '../../domain/ids.ts';
import type { BillingDeps } from '../deps.ts';
import type { EmailKind, RenderedEmail } from './email-kind.ts';
import { insertEmailMessage } from './email-outbox.queries.ts';

export interface EmailToEnqueue {
  workspaceId: string | null;
  kind: EmailKind;
  /** What made it: an event id, an invite id, a subscription period. */
  causeId: string;
  to: readonly string[];
  email: RenderedEmail;
  /** The invoice whose PDF is attached when it is sent. */
  attachInvoiceId?: string | null;
}

/** True when the email was enqueued, false when its cause already had one or there is nobody to send it to. */
export async function enqueueEmail(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'wallClock'>,
  email: EmailToEnqueue,
): Promise<boolean> {
  if (email.to.length === 0) return false;
  return insertEmailMessage(trx, {
    id: newId('msg'),
    workspaceId: email.workspaceId,
    kind: email.kind,
    causeId: email.causeId,
    to: email.to,
    subject: email.email.subject,
    html: email.email.html,
    text: email.email.text,
    attachInvoiceId: email.attachInvoiceId ?? null,
    at: toDate(deps.wallClock.now()),
  });
}
