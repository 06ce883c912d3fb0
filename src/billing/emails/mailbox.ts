// The local mailbox: with no SMTP server configured, the emails Billfold wrote are shown on a page whose address
// holds a key derived from the deployment secret (printed by the start-up banner). It reads the email outbox, which
// knows every email with its status and error, pending and failed ones too; the .eml file is offered beside it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BillingDeps } from '../deps.ts';
import { findMailboxEmail, listMailbox, type MailboxEmail, type MailboxEntry } from './email-outbox.queries.ts';
import { type InvoiceAttachment, invoiceAttachment } from './invoice-attachment.ts';

/** 32 base64url characters of HMAC-SHA256("mailbox") under the deployment secret. */
function mailboxKey(secret: string): string {
  return createHmac('sha256', secret).update('mailbox').digest('base64url').slice(0, 32);
}

/** The mailbox page's address, for the start-up banner. */
export function mailboxUrl(baseUrl: string, secret: string): string {
  return `${baseUrl.replace(/\/$/, '')}/mailbox/${mailboxKey(secret)}`;
}

/** The page exists only while emails are written as files (no SMTP), and only under the right key. */
export function opensMailbox(deps: Pick<BillingDeps, 'email'>, secret: string, key: string): boolean {
  if (deps.email.smtpUrl) return false;
  const expected = Buffer.from(mailboxKey(secret));
  const given = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function listMailboxEmails(deps: Pick<BillingDeps, 'db'>, limit = 200): Promise<MailboxEntry[]> {
  return listMailbox(deps.db, limit);
}

export function findMailboxMessage(deps: Pick<BillingDeps, 'db'>, id: string): Promise<MailboxEmail | undefined> {
  return findMailboxEmail(deps.db, id);
}

/** The PDF the email carries (rendered as the invoice stands now), or null when it carries none. */
export function mailboxAttachment(deps: BillingDeps, email: MailboxEmail): Promise<InvoiceAttachment | null> {
  if (!email.attachInvoiceId || !email.workspaceId) return Promise.resolve(null);
  return invoiceAttachment(deps, email.workspaceId, email.attachInvoiceId);
}

/** The .eml file the email was written as, or null before it was sent. */
export async function mailboxEmlFile(deps: Pick<BillingDeps, 'email'>, email: MailboxEmail): Promise<Buffer | null> {
  if (email.status !== 'sent' || !/^msg_[0-9a-z]+$/.test(email.id)) return null;
  try {
    return await readFile(join(deps.email.mailDir, `${email.id}.eml`));
  } catch {
    return null;
  }
}
