// SQL for the email outbox (email_message): enqueue once per (kind, cause), claim due emails with a lease, record
// the outcome of a send, and read emails back for the local mailbox page.
import { type Selectable, sql } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';
import type { EmailMessageTable } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { EmailKind } from './email-kind.ts';

export interface NewEmailMessage {
  id: string;
  workspaceId: string | null;
  kind: EmailKind;
  causeId: string;
  to: readonly string[];
  subject: string;
  html: string;
  text: string;
  attachInvoiceId: string | null;
  at: Date;
}

/** Inserts the email unless one of its kind was already made for the cause; true when it was inserted. */
export async function insertEmailMessage(trx: BillfoldTransaction, email: NewEmailMessage): Promise<boolean> {
  const inserted = await trx
    .insertInto('email_message')
    .values({
      id: email.id,
      workspace_id: email.workspaceId,
      kind: email.kind,
      cause_id: email.causeId,
      to_addresses: [...email.to],
      subject: email.subject,
      html: email.html,
      text: email.text,
      attach_invoice_id: email.attachInvoiceId,
      status: 'pending',
      next_attempt_at: email.at,
      created_at: email.at,
    })
    .onConflict((oc) => oc.columns(['kind', 'cause_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export interface ClaimedEmail {
  id: string;
  workspaceId: string | null;
  kind: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  attachInvoiceId: string | null;
  attempts: number;
}

/**
 * Claims up to `limit` pending emails that are due and not leased by another sender, leasing them until
 * `leasedUntil`: a sender that dies mid-send leaves them to be claimed again once the lease ends.
 */
export async function claimDueEmails(
  trx: BillfoldTransaction,
  now: Date,
  leasedUntil: Date,
  limit: number,
): Promise<ClaimedEmail[]> {
  const due = await trx
    .selectFrom('email_message')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<=', now)]))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  if (due.length === 0) return [];
  const rows = await trx
    .updateTable('email_message')
    .set({ leased_until: leasedUntil })
    .where(
      'id',
      'in',
      due.map((d) => d.id),
    )
    .returning([
      'id',
      'workspace_id',
      'kind',
      'to_addresses',
      'subject',
      'html',
      'text',
      'attach_invoice_id',
      'attempts',
    ])
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      kind: r.kind,
      to: r.to_addresses,
      subject: r.subject,
      html: r.html,
      text: r.text,
      attachInvoiceId: r.attach_invoice_id,
      attempts: r.attempts,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

export async function markEmailSent(db: BillfoldDb, id: string, at: Date): Promise<void> {
  await db
    .updateTable('email_message')
    .set({ status: 'sent', sent_at: at, leased_until: null, error: null, attempts: sql<number>`attempts + 1` })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** Records a failed send: tried again at `nextAttemptAt`, or given up on (status failed) when that is null. */
export async function markEmailAttemptFailed(
  db: BillfoldDb,
  id: string,
  error: string,
  nextAttemptAt: Date | null,
): Promise<void> {
  await db
    .updateTable('email_message')
    .set({
      status: nextAttemptAt ? 'pending' : 'failed',
      next_attempt_at: nextAttemptAt,
      leased_until: null,
      error,
      attempts: sql<number>`attempts + 1`,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

export interface MailboxEntry {
  id: string;
  workspaceId: string | null;
  kind: string;
  to: string[];
  subject: string;
  status: 'pending' | 'sent' | 'failed';
  createdAt: Date;
  sentAt: Date | null;
  attachInvoiceId: string | null;
}

const mailboxColumns = [
  'id',
  'workspace_id',
  'kind',
  'to_addresses',
  'subject',
  'status',
  'created_at',
  'sent_at',
  'attach_invoice_id',
] as const;

function mailboxEntryOf(r: Pick<Selectable<EmailMessageTable>, (typeof mailboxColumns)[number]>): MailboxEntry {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    kind: r.kind,
    to: r.to_addresses,
    subject: r.subject,
    status: r.status,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    attachInvoiceId: r.attach_invoice_id,
  };
}

/** The newest emails first, for the local mailbox page. */
export async function listMailbox(db: BillfoldDb, limit: number): Promise<MailboxEntry[]> {
  const rows = await db
    .selectFrom('email_message')
    .select(mailboxColumns)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(mailboxEntryOf);
}

export interface MailboxEmail extends MailboxEntry {
  html: string;
  text: string;
  attempts: number;
  error: string | null;
}

export async function findMailboxEmail(db: BillfoldDb, id: string): Promise<MailboxEmail | undefined> {
  const r = await db.selectFrom('email_message').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  return { ...mailboxEntryOf(r), html: r.html, text: r.text, attempts: r.attempts, error: r.error };
}
