// SQL for resuming a keyed request's payment: the attempt it started, found by the request's ref, and an
// invoice's latest attempt.
import type { BillfoldTransaction } from '../../db/transaction.ts';

export function findAttemptOfRequest(trx: BillfoldTransaction, workspaceId: string, requestRef: string) {
  return trx
    .selectFrom('payment_attempt')
    .select('invoice_id')
    .where('workspace_id', '=', workspaceId)
    .where('request_ref', '=', requestRef)
    .executeTakeFirst();
}

/** The invoice's latest attempt with the card it was made on. */
export function latestAttemptOf(trx: BillfoldTransaction, invoiceId: string) {
  return trx
    .selectFrom('payment_attempt')
    .innerJoin('payment_method', 'payment_method.id', 'payment_attempt.payment_method_id')
    .innerJoin('invoice', 'invoice.id', 'payment_attempt.invoice_id')
    .selectAll('payment_attempt')
    .select(['payment_method.gateway_ref', 'invoice.number'])
    .where('payment_attempt.invoice_id', '=', invoiceId)
    .orderBy('payment_attempt.created_at', 'desc')
    .orderBy('payment_attempt.id', 'desc')
    .executeTakeFirst();
}
