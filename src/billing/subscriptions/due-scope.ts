// Which subscriptions a renewal or retry run may claim: those on the system clock (the periodic jobs), or one
// workspace's (its test clock being advanced).
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../../db/tables.ts';

export type DueScope = { kind: 'system_clock' } | { kind: 'workspace'; workspaceId: string };

export function withinScope<O>(
  query: SelectQueryBuilder<Database, 'subscription' | 'workspace_billing', O>,
  scope: DueScope,
): SelectQueryBuilder<Database, 'subscription' | 'workspace_billing', O> {
  return scope.kind === 'system_clock'
    ? query.where('workspace_billing.test_clock_id', 'is', null)
    : query.where('subscription.workspace_id', '=', scope.workspaceId);
}
