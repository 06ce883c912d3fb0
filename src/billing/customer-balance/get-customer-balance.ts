// The workspace's customer balance (negative: credit it holds, taken off its next invoices) and a keyset page of
// its ledger, newest first.
import type { PageRequest } from '../../db/keyset-page.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { type BalanceTransactionView, balancesOf, listBalanceTransactions } from './customer-balance.queries.ts';

export interface CustomerBalanceView {
  balance: number;
  currency: string;
  data: BalanceTransactionView[];
  hasMore: boolean;
}

export async function getCustomerBalance(
  deps: BillingDeps,
  access: WorkspaceAccess,
  page: PageRequest,
): Promise<CustomerBalanceView> {
  const workspaceId = access.workspace.id;
  const current = (await balancesOf(deps.db, [workspaceId])).get(workspaceId);
  const ledger = await listBalanceTransactions(deps.db, workspaceId, page);
  return { balance: current?.balance ?? 0, currency: current?.currency ?? 'usd', ...ledger };
}
