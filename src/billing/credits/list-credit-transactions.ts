// The credit ledger, newest first: every grant, debit, expiry and adjustment with its reason, actor and the
// balance after it.
import { type Page, type PageRequest, toPage } from '../../db/keyset-page.ts';
import type { CreditTransactionType } from '../../db/tables.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';

export interface CreditTransactionView {
  id: string;
  type: CreditTransactionType;
  credits: number;
  balanceAfter: number;
  description: string;
  metadata: Record<string, unknown> | null;
  actor: { type: 'user' | 'api_key' | 'system'; id: string | null };
  grantId: string | null;
  createdAt: Date;
}

export async function listCreditTransactions(
  deps: BillingDeps,
  access: WorkspaceAccess,
  page: PageRequest,
): Promise<Page<CreditTransactionView>> {
  let query = deps.db
    .selectFrom('credit_transaction')
    .selectAll()
    .where('workspace_id', '=', access.workspace.id)
    .orderBy('seq', 'desc')
    .limit(page.limit + 1);
  const after = page.startingAfter;
  if (after) {
    query = query.where('seq', '<', (eb) =>
      eb
        .selectFrom('credit_transaction')
        .select('seq')
        .where('id', '=', after)
        .where('workspace_id', '=', access.workspace.id),
    );
  }
  const { data, hasMore } = toPage(await query.execute(), page.limit);
  return {
    data: data.map((row) => ({
      id: row.id,
      type: row.type,
      credits: row.credits,
      balanceAfter: row.balance_after,
      description: row.description,
      metadata: row.metadata,
      actor: { type: row.actor_type, id: row.actor_id },
      grantId: row.grant_id,
      createdAt: row.created_at,
    })),
    hasMore,
  };
}
