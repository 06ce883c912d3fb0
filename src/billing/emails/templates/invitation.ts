// The invitation email: who invited the invitee to which workspace, and the link that accepts it.
import { formatInvoiceDate } from '../../invoices/documents/invoice-text.ts';
import type { RenderedEmail } from '../email-kind.ts';
import { renderEmail } from '../email-layout.ts';

export function invitationEmail(input: {
  inviterName: string;
  workspaceName: string;
  role: string;
  acceptUrl: string;
  expiresAt: Date;
}): Promise<RenderedEmail> {
  return renderEmail({
    subject: `${input.inviterName} invited you to ${input.workspaceName} on Billfold`,
    preview: `Join ${input.workspaceName} as ${input.role}.`,
    heading: `Join ${input.workspaceName}`,
    paragraphs: [
      `${input.inviterName} invited you to the workspace ${input.workspaceName} on Billfold, with the role ${input.role}.`,
      'Sign in or create an account with this email address, then accept the invitation.',
    ],
    action: { label: 'Accept the invitation', url: input.acceptUrl },
    footnote: `The invitation expires on ${formatInvoiceDate(input.expiresAt)}. If you did not expect it, ignore this email.`,
    workspaceName: input.workspaceName,
  });
}
