// SQL: the invoice a keyed request issued, found by the request's ref (a retry of it resumes that invoice).
import type { BillfoldTransaction } from '../../db/transaction.ts';

export function findInvoiceOfRequest(trx: BillfoldTransaction, workspaceId: string, requestRef: string) {
  return trx
    .selectFrom('invoice')
    .select(['id', 'status'])
    .where('workspace_id', '=', workspaceId)
    .where('request_ref', '=', requestRef)
    .executeTakeFirst();
}
