// What ending the subscription now would give back (nothing is changed): the unused time of the period at what its
// invoice was paid, and how much of it could go back to the card. The page's "End now" choice shows it.
import { inTransaction } from '../../db/transaction.ts';
import { BillingError } from '../../domain/errors.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import type { BillingDeps } from '../deps.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { refundableUnusedTime } from './refundable-unused-time.ts';
import { liveSubscription } from './subscriptions.queries.ts';

export interface TerminationPreview {
  /** The unused time's share of what the period was paid, less earlier refunds of it, in minor units. */
  refundAmount: number;
  currency: string;
  /** The invoice the refund would be taken from; null when none paid the period. */
  invoiceId: string | null;
}

export async function previewTermination(deps: BillingDeps, access: WorkspaceAccess): Promise<TerminationPreview> {
  return inTransaction(deps.db, async (trx) => {
    const { deps: workspaceDeps } = await lockWorkspace(trx, deps, access.workspace.id);
    const subscription = await liveSubscription(trx, access.workspace.id);
    if (!subscription || subscription.status === 'incomplete' || subscription.status === 'canceled') {
      throw new BillingError('no_subscription', `${access.workspace.name} has no paid subscription to end.`);
    }
    const { invoiceId, amount } = await refundableUnusedTime(trx, subscription, workspaceDeps.clock.now());
    return { refundAmount: amount, currency: subscription.price.currency.toLowerCase(), invoiceId };
  });
}
