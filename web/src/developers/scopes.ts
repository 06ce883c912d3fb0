// How an API key's scopes read on the page, in the order the server lists them.
import type { ApiKeyScope } from './types.ts';

export const scopeOptions: { scope: ApiKeyScope; label: string; description: string }[] = [
  { scope: 'billing:read', label: 'Read billing', description: 'Plan, seats, invoices and credits' },
  { scope: 'billing:write', label: 'Change billing', description: 'Subscribe, change plan and seats, buy credits' },
  { scope: 'members:read', label: 'Read members', description: 'Members, invites and roles' },
  { scope: 'members:manage', label: 'Manage members', description: 'Sync members and invites from your product' },
  { scope: 'credits:consume', label: 'Consume credits', description: 'Debit credits as your product uses them' },
];

export function scopeLabel(scope: string): string {
  return scopeOptions.find((o) => o.scope === scope)?.label ?? scope;
}
