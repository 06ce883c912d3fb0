// Reads back what a user would see of a workspace (seats, pending invites, members) through the API,
// so a test can assert that a refused call changed nothing.
import type { Billfold } from '../../src/server.ts';
import { call, type SignedInUser } from './test-billfold.ts';

export interface Seats {
  activeUsers: number;
  pendingInvites: number;
  maxUsers: number;
}

export interface ListedInvite {
  id: string;
  email: string;
  role: string;
  status: string;
}

export interface ListedMember {
  id: string;
  userId: string;
  email: string;
  role: string;
}

/** The Usage (seats) section of the billing summary, as `as` sees it (they need billing view). */
export async function seatsOf(billfold: Billfold, as: SignedInUser, ws: { id: string }): Promise<Seats> {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/billing`, { as });
  if (response.statusCode !== 200) throw new Error(`billing summary: ${response.statusCode} ${response.body}`);
  return response.json().seats;
}

/** The invites list (pending ones, expired ones marked), up to 100. */
export async function invitesOf(billfold: Billfold, as: SignedInUser, ws: { id: string }): Promise<ListedInvite[]> {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/invites?limit=100`, { as });
  if (response.statusCode !== 200) throw new Error(`invites list: ${response.statusCode} ${response.body}`);
  return response.json().data;
}

/** The members list, up to 100, in joining order. */
export async function membersOf(billfold: Billfold, as: SignedInUser, ws: { id: string }): Promise<ListedMember[]> {
  const response = await call(billfold, 'GET', `/v1/workspaces/${ws.id}/members?limit=100`, { as });
  if (response.statusCode !== 200) throw new Error(`members list: ${response.statusCode} ${response.body}`);
  return response.json().data;
}

/** The member id of `user` in the workspace. */
export async function memberIdOf(billfold: Billfold, as: SignedInUser, ws: { id: string }, user: SignedInUser) {
  const found = (await membersOf(billfold, as, ws)).find((m) => m.email === user.email);
  if (!found) throw new Error(`${user.email} is not a member`);
  return found.id;
}

/** An address nobody has used yet. */
export function freshEmail(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 10)}@example.test`;
}

/**
 * Sets the workspace's max users directly: buying seats has no route yet, and several tests need room
 * for more people than Free's 3 (or fewer seats than are in use, as after a downgrade).
 */
export async function setMaxUsers(billfold: Billfold, ws: { id: string }, maxUsers: number): Promise<void> {
  await billfold.deps.db
    .updateTable('workspace_billing')
    .set({ max_users: maxUsers })
    .where('workspace_id', '=', ws.id)
    .execute();
}
