// The link an invitee opens. It carries the invited address so the signed-out invite page can say which account to
// use (the API shows an invite only to its signed-in invitee); the server still checks the address on accept.
import type { Invite } from '../api.ts';

export function inviteLink(invite: Pick<Invite, 'acceptUrl' | 'email'>): string {
  const url = new URL(invite.acceptUrl, window.location.origin);
  url.searchParams.set('email', invite.email);
  return url.toString();
}
