// Who may do what in a workspace: the single rule behind every permission check (DESIGN.md section 1).
import { type ApiKeyScope, permissionsOfScopes } from './api-key-scopes.ts';

export const permissionNames = [
  'billing:view',
  'billing:manage',
  'members:view',
  'members:manage',
  'roles:manage',
  'api_keys:manage',
  'webhooks:manage',
  'credits:consume',
] as const;
export type Permission = (typeof permissionNames)[number];

export const builtInRoleNames = ['owner', 'admin', 'billing', 'member'] as const;
export type BuiltInRoleName = (typeof builtInRoleNames)[number];

/** What a custom role can be granted: `billing` (the whole billing page) and `members` (invite and manage members). */
export const customPermissionNames = ['billing', 'members'] as const;
export type CustomPermission = (typeof customPermissionNames)[number];

export type WorkspaceRole =
  | { kind: 'built_in'; name: BuiltInRoleName }
  | { kind: 'custom'; name: string; permissions: readonly CustomPermission[] };

/** The caller's standing in one workspace: a member with a role, or one of the workspace's API keys and its scopes. */
export type Principal = { kind: 'member'; role: WorkspaceRole } | { kind: 'api_key'; scopes: readonly ApiKeyScope[] };

export interface AccessSettings {
  /** Deployment setting: every member may view (not change) billing. */
  billingVisibleToMembers: boolean;
}

const builtInGrants: Record<BuiltInRoleName, readonly Permission[]> = {
  owner: [
    'billing:view',
    'billing:manage',
    'members:view',
    'members:manage',
    'roles:manage',
    'api_keys:manage',
    'webhooks:manage',
  ],
  admin: ['members:view', 'members:manage', 'roles:manage'],
  billing: ['billing:view', 'billing:manage', 'members:view', 'api_keys:manage', 'webhooks:manage'],
  member: ['members:view'],
};

const customGrants: Record<CustomPermission, readonly Permission[]> = {
  billing: ['billing:view', 'billing:manage', 'api_keys:manage', 'webhooks:manage'],
  members: ['members:manage'],
};

export function can(principal: Principal, permission: Permission, settings: AccessSettings): boolean {
  return grantsOf(principal, settings).has(permission);
}

/**
 * An API key acts for the operator's product with the scopes it was given (billing, member sync, consuming
 * credits, which no member role grants); it never mints keys. The billing-visible setting is for people only.
 */
export function grantsOf(principal: Principal, settings: AccessSettings): Set<Permission> {
  if (principal.kind === 'api_key') return permissionsOfScopes(principal.scopes);
  const { role } = principal;
  const grants = new Set<Permission>(
    role.kind === 'built_in'
      ? builtInGrants[role.name]
      : ['members:view', ...role.permissions.flatMap((p) => customGrants[p])],
  );
  if (settings.billingVisibleToMembers) grants.add('billing:view');
  return grants;
}

/**
 * Whether `granter` may give someone `role` (by invite or role change): only a role that allows nothing the
 * granter is not allowed, so an admin or a Members role cannot hand out billing, to others or to themselves.
 */
export function canGrantRole(granter: Principal, role: WorkspaceRole, settings: AccessSettings): boolean {
  return permissionsBeyondGranter(granter, role, settings).length === 0;
}

/**
 * What `role` allows that `granter` is not allowed. Viewing billing by the deployment setting is every member's
 * already, nobody's to hand out, so it is not weighed (an API key without billing:read may still add a member).
 */
export function permissionsBeyondGranter(
  granter: Principal,
  role: WorkspaceRole,
  settings: AccessSettings,
): Permission[] {
  const own = grantsOf(granter, settings);
  const roleAllows = grantsOf({ kind: 'member', role }, { ...settings, billingVisibleToMembers: false });
  return [...roleAllows].filter((permission) => !own.has(permission));
}

export function isBuiltInRoleName(name: string): name is BuiltInRoleName {
  return (builtInRoleNames as readonly string[]).includes(name);
}
