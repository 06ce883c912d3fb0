// API-key scopes: the closed set a workspace key can carry, what each allows, and which a creator may give
// (never more than they hold themselves; docs/decisions/002-workspace-api-keys.md).
import type { Permission } from './permissions.ts';

export const apiKeyScopeNames = [
  'billing:read',
  'billing:write',
  'members:read',
  'members:manage',
  'credits:consume',
] as const;
export type ApiKeyScope = (typeof apiKeyScopeNames)[number];

const scopeGrants: Record<ApiKeyScope, readonly Permission[]> = {
  'billing:read': ['billing:view'],
  'billing:write': ['billing:view', 'billing:manage'],
  'members:read': ['members:view'],
  'members:manage': ['members:view', 'members:manage'],
  'credits:consume': ['credits:consume'],
};

/**
 * What a key with these scopes may do. No scope allows api_keys:manage, webhooks:manage or roles:manage: those
 * stay with people (a key that could point webhooks elsewhere could read every event of the workspace).
 */
export function permissionsOfScopes(scopes: readonly ApiKeyScope[]): Set<Permission> {
  return new Set(scopes.flatMap((scope) => scopeGrants[scope]));
}

/**
 * The scopes someone holding `creatorGrants` may put on a key, in the set's order: a scope only when they hold
 * everything it allows. Consuming credits is the exception: no member role holds it (only the operator's
 * product consumes credits), so whoever manages billing may give it to the product's key.
 */
export function grantableScopes(creatorGrants: ReadonlySet<Permission>): ApiKeyScope[] {
  return apiKeyScopeNames.filter((scope) =>
    scope === 'credits:consume'
      ? creatorGrants.has('billing:manage')
      : scopeGrants[scope].every((permission) => creatorGrants.has(permission)),
  );
}

/** The known scopes among `names`, in the set's order, without repeats (how a key's scopes are stored and shown). */
export function normalizeScopes(names: readonly string[]): ApiKeyScope[] {
  return apiKeyScopeNames.filter((scope) => names.includes(scope));
}
