// Where a billing email goes, chosen in one place: the SMTP server of BILLFOLD_SMTP_URL, or (by default) an .eml
// file under the data dir's mail folder, owner-only like the rest of the data dir, for the local mailbox page.
// Both are written by nodemailer, so a file is the same RFC 5322 message an SMTP server would have received.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { makeOwnerOnlyDir } from '../../db/owner-only-files.ts';
import type { EmailSettings } from './email-settings.ts';

export interface OutgoingEmail {
  /** The email's id: its Message-ID and its file's name. */
  id: string;
  to: readonly string[];
  subject: string;
  html: string;
  text: string;
  attachments: readonly { filename: string; content: Buffer; contentType: string }[];
}

export interface MailTransport {
  /** What the email went to: "smtp" or the .eml file's path. Throws when it could not be handed over. */
  send(email: OutgoingEmail): Promise<string>;
  close(): void;
}

// A stuck SMTP server fails the attempt (and it is retried) instead of holding the sender for minutes.
const smtpTimeouts = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

export function mailTransportFor(settings: Pick<EmailSettings, 'smtpUrl' | 'from' | 'mailDir'>): MailTransport {
  return settings.smtpUrl
    ? smtpTransport(settings.smtpUrl, settings.from)
    : fileTransport(settings.mailDir, settings.from);
}

function smtpTransport(url: string, from: string): MailTransport {
  const transport = createTransport({ url, ...smtpTimeouts });
  return {
    async send(email) {
      await transport.sendMail(messageOf(email, from));
      return 'smtp';
    },
    close: () => transport.close(),
  };
}

/** Writes each email as `<mailDir>/<id>.eml`, the raw message nodemailer's stream transport builds. */
function fileTransport(mailDir: string, from: string): MailTransport {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(email) {
      const info = await transport.sendMail(messageOf(email, from));
      makeOwnerOnlyDir(mailDir);
      const path = join(mailDir, `${email.id}.eml`);
      await writeFile(path, info.message as Buffer, { mode: 0o600 });
      return path;
    },
    close: () => transport.close(),
  };
}

function messageOf(email: OutgoingEmail, from: string) {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'billfold.localhost';
  return {
    from,
    to: [...email.to],
    subject: email.subject,
    html: email.html,
    text: email.text,
    messageId: `<${email.id}@${domain}>`,
    attachments: email.attachments.map((a) => ({ ...a })),
  };
}
