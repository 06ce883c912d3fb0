// createWorkspace: a new workspace on the Free plan, with the caller as its owner.

import { inTransaction, isUniqueViolation } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { insertWorkspace } from './workspaces.queries.ts';

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
      await insertWorkspace(trx, {
        id,
        name: input.name,
        slug: input.slug,
        ownerMemberId: newId('mem'),
        ownerUserId: input.ownerUserId,
        at: now,
      });
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
