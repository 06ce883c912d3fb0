// Maps Billfold's custom-role permissions (billing, members) to and from better-auth's permission statement JSON.
import { type CustomPermission, customPermissionNames, isBuiltInRoleName, type WorkspaceRole } from './permissions.ts';

const statements: Record<CustomPermission, Record<string, string[]>> = {
  billing: { billing: ['view', 'manage'] },
  members: { member: ['create', 'update', 'delete'], invitation: ['create', 'cancel'] },
};

export function statementFromCustomPermissions(permissions: readonly CustomPermission[]): string {
  const statement: Record<string, string[]> = {};
  for (const permission of permissions) Object.assign(statement, statements[permission]);
  return JSON.stringify(statement);
}

export function customPermissionsFromStatement(json: string): CustomPermission[] {
  const statement = JSON.parse(json) as Record<string, string[] | undefined>;
  return customPermissionNames.filter((permission) =>
    Object.entries(statements[permission]).every(([resource, actions]) =>
      actions.every((action) => statement[resource]?.includes(action)),
    ),
  );
}

/** A member's role from its name and, for a custom role, its stored statement (null if the role was removed). */
export function workspaceRoleOf(roleName: string, customStatement: string | null): WorkspaceRole {
  if (isBuiltInRoleName(roleName)) return { kind: 'built_in', name: roleName };
  // A member whose custom role was removed keeps only what a plain member has.
  return {
    kind: 'custom',
    name: roleName,
    permissions: customStatement ? customPermissionsFromStatement(customStatement) : [],
  };
}
