// Finds one saved card of the workspace for a change; a card of another workspace is "not found".
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { BillingError } from '../../domain/errors.ts';

export async function loadPaymentMethod(trx: BillfoldTransaction, workspaceId: string, paymentMethodId: string) {
  const row = await trx
    .selectFrom('payment_method')
    .selectAll()
    .where('id', '=', paymentMethodId)
    .where('workspace_id', '=', workspaceId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (!row)
    throw new BillingError('not_found', `No payment method ${paymentMethodId} in this workspace.`, { param: 'pm' });
  return row;
}
