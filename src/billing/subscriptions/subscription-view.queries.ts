// SQL for the past-due part of the subscription's view: the renewal invoice being collected and the gateway's
// latest answer about it.
import type { BillfoldDb } from '../../db/connection.ts';

export async function collectedInvoiceOf(db: BillfoldDb, invoiceId: string) {
  const invoice = await db
    .selectFrom('invoice')
    .select(['id', 'number', 'total', 'currency'])
    .where('id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  // The latest answer from the gateway says why it is unpaid; an attempt still in flight says nothing yet.
  const lastAnswer = await db
    .selectFrom('payment_attempt')
    .select(['status', 'failure_message', 'next_action_url'])
    .where('invoice_id', '=', invoice.id)
    .where('status', 'in', ['failed', 'requires_action'])
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return {
    invoice,
    lastAnswer: lastAnswer && {
      status: lastAnswer.status,
      failureMessage: lastAnswer.failure_message,
      nextActionUrl: lastAnswer.next_action_url,
    },
  };
}
