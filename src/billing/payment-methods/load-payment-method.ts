// Finds one saved card of the workspace for a change; a card of another workspace is "not found".
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { BillingError } from '../../domain/errors.ts';
import { findSavedCard, type SavedCard } from './payment-methods.queries.ts';

export async function loadPaymentMethod(
  trx: BillfoldTransaction,
  workspaceId: string,
  paymentMethodId: string,
): Promise<SavedCard> {
  const card = await findSavedCard(trx, workspaceId, paymentMethodId);
  if (!card)
    throw new BillingError('not_found', `No payment method ${paymentMethodId} in this workspace.`, { param: 'pm' });
  return card;
}
