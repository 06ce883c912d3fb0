// Where billing emails go: an SMTP server, or .eml files under the data dir shown on the local mailbox page.
import type { EmailConfig } from '../../config.ts';

export type EmailSettings = EmailConfig;
