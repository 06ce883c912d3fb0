// authorize(): resolves the workspace a route names and checks the caller's permission in it.
// Callers outside the workspace get 404 (its existence is not revealed); members without the permission get 403.

import type { Actor } from '../../domain/access/actor.ts';
import { can, type Permission, type Principal } from '../../domain/access/permissions.ts';
import { workspaceRoleOf } from '../../domain/access/role-statement.ts';
import { BillingError } from '../../domain/errors.ts';
import type { BillingDeps } from '../deps.ts';
import { findWorkspaceMembership, type WorkspaceMembership } from './access.queries.ts';
import type { WorkspaceRef } from './resolve-workspace.ts';

export interface WorkspaceAccess {
  workspace: WorkspaceRef;
  actor: Actor;
  principal: Principal;
  /** The caller's member id, when the caller is a member (not an API key). */
  memberId: string | null;
}

// A user's membership read with their session, in the same statement, for the workspace the request names: the
// caller's identification hands it over (`membershipReadWith`) so that authorizing costs no round trip of its own.
const membershipsReadAhead = new WeakMap<Actor, { ref: string; found: WorkspaceMembership | undefined }>();

/** Records the membership read with the actor's session for workspace `ref`, for authorize() to use. */
export function membershipReadWith(actor: Actor, ref: string, found: WorkspaceMembership | undefined): void {
  membershipsReadAhead.set(actor, { ref, found });
}

export async function authorize(
  deps: BillingDeps,
  actor: Actor,
  workspaceRef: string,
  permission: Permission,
): Promise<WorkspaceAccess> {
  const access = await resolveWorkspaceAccess(deps, actor, workspaceRef);
  if (!can(access.principal, permission, deps.access)) {
    throw new BillingError('permission_denied', permissionMessage(permission));
  }
  return access;
}

export function hasPermission(deps: BillingDeps, access: WorkspaceAccess, permission: Permission): boolean {
  return can(access.principal, permission, deps.access);
}

async function resolveWorkspaceAccess(deps: BillingDeps, actor: Actor, workspaceRef: string): Promise<WorkspaceAccess> {
  // Built only when thrown: an error's stack trace costs more than the rest of a granted check.
  const notFound = () =>
    new BillingError('not_found', `No workspace ${workspaceRef} is visible to you.`, { param: 'ws' });
  if (actor.kind === 'api_key') {
    // A key reaches its own workspace only, named by id or slug (the ref rule of resolveWorkspace).
    const { workspace } = actor;
    if (workspaceRef !== (workspaceRef.startsWith('ws_') ? workspace.id : workspace.slug)) throw notFound();
    return { workspace, actor, principal: { kind: 'api_key', scopes: actor.scopes }, memberId: null };
  }
  // The workspace, the membership and a custom role's statement in one round trip (or none, when they were read
  // with the session).
  const readAhead = membershipsReadAhead.get(actor);
  const found =
    readAhead?.ref === workspaceRef
      ? readAhead.found
      : await findWorkspaceMembership(deps.db, workspaceRef, actor.userId);
  if (!found?.member) throw notFound();
  const { workspace, member } = found;
  const role = workspaceRoleOf(member.role, member.customRoleStatement);
  return { workspace, actor, principal: { kind: 'member', role }, memberId: member.id };
}

function permissionMessage(permission: Permission): string {
  switch (permission) {
    case 'billing:view':
    case 'billing:manage':
      return "You don't have access to billing in this workspace. Ask an owner to give you the Billing role.";
    case 'members:view':
    case 'members:manage':
      return 'Only owners, admins and roles with the Members permission can manage members and invites.';
    case 'roles:manage':
      return 'Only owners and admins can manage roles.';
    case 'api_keys:manage':
      return 'Only owners and billing managers can create, list and revoke API keys, and an API key cannot.';
    case 'webhooks:manage':
      return 'Only owners and billing managers can manage webhook endpoints, and an API key cannot.';
    case 'credits:consume':
      return 'Credits are consumed by your product with a workspace API key (Authorization: Bearer …), not from a signed-in session.';
  }
}
