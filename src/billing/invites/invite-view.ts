// The invite as the API shows it, with its accept link and whether it has expired.
import type { Temporal } from 'temporal-polyfill';
import type { BillingDeps } from '../deps.ts';
import type { Invite } from './invites.queries.ts';

export interface InviteView {
  id: string;
  email: string;
  role: string;
  status: 'pending' | 'expired' | 'accepted' | 'canceled' | 'rejected';
  expiresAt: Date;
  createdAt: Date;
  acceptUrl: string;
}

export function toInviteView(deps: Pick<BillingDeps, 'baseUrl'>, invite: Invite, now: Temporal.Instant): InviteView {
  const expired = invite.status === 'pending' && invite.expiresAt.getTime() <= now.epochMilliseconds;
  return {
    id: invite.id,
    email: invite.email,
    role: invite.role ?? 'member',
    status: expired ? 'expired' : invite.status,
    expiresAt: invite.expiresAt,
    createdAt: invite.createdAt,
    acceptUrl: `${deps.baseUrl}/invites/${invite.id}`,
  };
}
