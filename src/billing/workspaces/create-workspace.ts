// createWorkspace: a new workspace on the Free plan, with the caller as its owner.

import { inTransaction, isUniqueViolation } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';

export interface NewWorkspace {
  ownerUserId: string;
  name: string;
  slug: string;
}

export interface CreatedWorkspace {
  id: string;
  slug: string;
  name: string;
  role: 'owner';
  createdAt: Date;
}

export async function createWorkspace(deps: BillingDeps, input: NewWorkspace): Promise<CreatedWorkspace> {
  const now = toDate(deps.clock.now());
  const id = newId('ws');
  try {
    await inTransaction(deps.db, async (trx) => {
      await trx
        .insertInto('organization')
        .values({ id, name: input.name, slug: input.slug, logo: null, metadata: null, createdAt: now })
        .execute();
      await trx
        .insertInto('member')
        .values({ id: newId('mem'), organizationId: id, userId: input.ownerUserId, role: 'owner', createdAt: now })
        .execute();
      await trx
        .insertInto('workspace_billing')
        .values({ workspace_id: id, plan_id: 'free', max_users: null, created_at: now, updated_at: now })
        .execute();
      await recordAudit(trx, deps.clock, {
        workspaceId: id,
        actor: { type: 'user', id: input.ownerUserId },
        action: 'workspace.created',
        targetId: id,
        after: { name: input.name, slug: input.slug, plan: 'free' },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new BillingError('slug_taken', `The slug "${input.slug}" is taken. Choose another.`, { param: 'slug' });
    }
    throw error;
  }
  return { id, slug: input.slug, name: input.name, role: 'owner', createdAt: now };
}
