// SQL dunning reads about the renewal invoice it collects.
import type { BillfoldDb } from '../../db/connection.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';

export async function collectedInvoice(db: BillfoldDb | BillfoldTransaction, invoiceId: string) {
  return db
    .selectFrom('invoice')
    .select(['status', 'number', 'total', 'currency'])
    .where('id', '=', invoiceId)
    .executeTakeFirstOrThrow();
}
