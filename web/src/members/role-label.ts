// How a role name reads on the page: built-in roles capitalized ("Billing"), custom roles as their owners named them.
const builtIn: Record<string, string> = { owner: 'Owner', admin: 'Admin', billing: 'Billing', member: 'Member' };

export function roleLabel(name: string): string {
  return builtIn[name] ?? name;
}
