// Enqueues the invitation email to the invitee inside the transaction that creates the invite: the accept link
// (with the invited address, as the page's invite link carries it), who invited them and to which workspace.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { BillingDeps } from '../deps.ts';
import { findEmailWorkspace, findUserName } from './email-recipients.queries.ts';
import { enqueueEmail } from './enqueue-email.ts';
import { invitationEmail } from './templates/invitation.ts';

export async function enqueueInvitationEmail(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'wallClock'>,
  invite: {
    id: string;
    workspaceId: string;
    email: string;
    role: string;
    /** The invite view's accept URL (absolute, from the deployment's base URL). */
    acceptUrl: string;
    expiresAt: Date;
    inviterId: string;
  },
): Promise<boolean> {
  const workspace = await findEmailWorkspace(trx, invite.workspaceId);
  if (!workspace) return false;
  const acceptUrl = new URL(invite.acceptUrl);
  acceptUrl.searchParams.set('email', invite.email);
  const email = await invitationEmail({
    inviterName: (await findUserName(trx, invite.inviterId)) ?? 'A member',
    workspaceName: workspace.name,
    role: invite.role,
    acceptUrl: acceptUrl.toString(),
    expiresAt: invite.expiresAt,
  });
  // One email per invite: sending an invite again means revoking it and creating a new one, a new cause.
  return enqueueEmail(trx, deps, {
    workspaceId: workspace.id,
    kind: 'invitation',
    causeId: invite.id,
    to: [invite.email],
    email,
  });
}
