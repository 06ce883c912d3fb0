// Sends the emails of the outbox that are due: claims a few in a short transaction (FOR UPDATE SKIP LOCKED and a
// lease, so several processes share the work and a dead one's claims come back), sends each outside any
// transaction, and records the outcome. A failure keeps the email pending with its error and a later attempt,
// backing off over more than a day before giving up, so a failing SMTP server loses no email.
import { inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import type { BillingDeps } from '../deps.ts';
import { type ClaimedEmail, claimDueEmails, markEmailAttemptFailed, markEmailSent } from './email-outbox.queries.ts';
import { invoiceAttachment } from './invoice-attachment.ts';
import { type MailTransport, mailTransportFor, type OutgoingEmail } from './mail-transport.ts';

/** Wait before attempt n+1 after n failed ones: 1 min, 5 min, 30 min, 2 h, then every 6 h, over 24 h in all. */
export const emailRetryDelaysMs: readonly number[] = [1, 5, 30, 120, 360, 360, 360, 360, 360].map((m) => m * 60_000);

/** A claimed email is the claimer's this long; one still unsent after it is claimed again. */
const leaseMs = 5 * 60_000;

export interface SendOptions {
  /** Where the emails go; by default as deps.email says (SMTP or .eml files). */
  transport?: MailTransport;
  /** At most this many emails in this run (20 by default). */
  limit?: number;
}

/** Claimed at once: a claim's emails are sent well within their lease. */
const claimSize = 20;

/** Sends up to `limit` (20) emails that are due, claimed a few at a time; returns how many were attempted. */
export async function sendDueEmails(deps: BillingDeps, options: SendOptions = {}): Promise<number> {
  const limit = options.limit ?? claimSize;
  const transport = options.transport ?? null;
  let owned: MailTransport | null = null;
  let attempted = 0;
  try {
    while (attempted < limit) {
      const now = toDate(deps.wallClock.now());
      const claimed = await inTransaction(deps.db, (trx) =>
        claimDueEmails(trx, now, new Date(now.getTime() + leaseMs), Math.min(claimSize, limit - attempted)),
      );
      if (claimed.length === 0) break;
      owned ??= transport ? null : mailTransportFor(deps.email);
      const sender = transport ?? owned;
      if (!sender) break;
      for (const email of claimed) await sendOne(deps, sender, email);
      attempted += claimed.length;
    }
  } finally {
    owned?.close();
  }
  return attempted;
}

async function sendOne(deps: BillingDeps, transport: MailTransport, email: ClaimedEmail): Promise<void> {
  try {
    await transport.send(await outgoingOf(deps, email));
  } catch (error) {
    const at = toDate(deps.wallClock.now());
    const delay = emailRetryDelaysMs[email.attempts];
    const next = delay === undefined ? null : new Date(at.getTime() + delay);
    await markEmailAttemptFailed(deps.db, email.id, errorText(error), next);
    return;
  }
  await markEmailSent(deps.db, email.id, toDate(deps.wallClock.now()));
}

/** The email with its attachment: the invoice's PDF, rendered now. */
async function outgoingOf(deps: BillingDeps, email: ClaimedEmail): Promise<OutgoingEmail> {
  const attachment =
    email.attachInvoiceId && email.workspaceId
      ? await invoiceAttachment(deps, email.workspaceId, email.attachInvoiceId)
      : null;
  return {
    id: email.id,
    to: email.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    attachments: attachment ? [attachment] : [],
  };
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 1000);
}
