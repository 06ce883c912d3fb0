// SQL for reading credit purchases.
import type { BillfoldTransaction } from '../../db/transaction.ts';

/** The purchase an invoice was issued for. */
export function findPurchaseOfInvoice(trx: BillfoldTransaction, invoiceId: string) {
  return trx
    .selectFrom('credit_purchase')
    .select(['id', 'credits'])
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirstOrThrow();
}
