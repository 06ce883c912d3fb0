// The workspace's listed (issued, not draft) invoices newest first, as the list and the CSV export page through
// them: keyset by id, in the order of invoice_workspace_idx (workspace_id, id).
import type { BillfoldDb } from '../../db/connection.ts';

/**
 * The invoices after the cursor, newest first; the caller selects columns and a limit. The workspace is matched as a
 * range (>= and <=) and ordered by (workspace_id, id), not `= workspace` ordered by id: with an equality Postgres
 * may walk the primary key backwards, counting on the workspace's invoices to be spread over the table, which for
 * a workspace whose invoices are the oldest reads every newer invoice first (4,000,000 rows, one second, in
 * bench/invoice-list.ts). A range keeps the workspace column in the order, so only the workspace's index can
 * answer it without sorting.
 */
export function listedInvoicesNewestFirst(db: BillfoldDb, workspaceId: string, startingAfter: string | undefined) {
  let query = db
    .selectFrom('invoice')
    .where('workspace_id', '>=', workspaceId)
    .where('workspace_id', '<=', workspaceId)
    .where('status', '!=', 'draft')
    .orderBy('workspace_id', 'desc')
    .orderBy('id', 'desc');
  if (startingAfter !== undefined) query = query.where('id', '<', startingAfter);
  return query;
}
