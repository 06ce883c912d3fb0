// Who a workspace's billing emails go to: the billing email of its billing details when one is set, else every
// member whose role manages billing.
import type { BillfoldTransaction } from '../../db/transaction.ts';
import { can } from '../../domain/access/permissions.ts';
import { workspaceRoleOf } from '../../domain/access/role-statement.ts';
import type { BillingDeps } from '../deps.ts';
import { findBillingEmail, listMembersWithRoles } from './email-recipients.queries.ts';

export async function billingRecipients(
  trx: BillfoldTransaction,
  deps: Pick<BillingDeps, 'access'>,
  workspaceId: string,
): Promise<string[]> {
  const billingEmail = (await findBillingEmail(trx, workspaceId))?.trim();
  if (billingEmail) return [billingEmail];
  const members = await listMembersWithRoles(trx, workspaceId);
  const managers = members.filter((m) =>
    can({ kind: 'member', role: workspaceRoleOf(m.role, m.customStatement) }, 'billing:manage', deps.access),
  );
  return [...new Set(managers.map((m) => m.email))];
}
