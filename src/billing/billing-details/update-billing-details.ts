// Saves the workspace's billing details; invoices finalized from now on print them (earlier ones keep theirs).
import { inTransaction } from '../../db/transaction.ts';
import { auditActorOf } from '../../domain/access/actor.ts';
import { toDate } from '../../domain/clock.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { eventDataOf } from '../events/changed-fields.ts';
import { recordEvent } from '../events/record-event.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { saveBillingDetails } from './billing-details.queries.ts';
import type { BillingDetailsInput, BillingDetailsView } from './billing-details-view.ts';
import { loadBillingDetails } from './load-billing-details.ts';

export async function updateBillingDetails(
  deps: BillingDeps,
  access: WorkspaceAccess,
  input: BillingDetailsInput,
): Promise<BillingDetailsView> {
  const workspaceId = access.workspace.id;
  return inTransaction(deps.db, async (trx) => {
    // Saved at the server's time, like every record that is not a billing date.
    await lockWorkspace(trx, deps, workspaceId);
    const before = await loadBillingDetails(trx, workspaceId);
    const now = toDate(deps.clock.now());
    await saveBillingDetails(trx, workspaceId, input, now);
    const after: BillingDetailsView = { ...input, updatedAt: now };
    await recordAudit(trx, deps.clock, {
      workspaceId,
      actor: auditActorOf(access.actor),
      action: 'billing_details.updated',
      targetId: workspaceId,
      before,
      after,
    });
    await recordEvent(trx, deps.clock, {
      workspaceId,
      type: 'billing_details.updated',
      data: eventDataOf(after, before),
    });
    return after;
  });
}
