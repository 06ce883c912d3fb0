// SQL reading credit grants (credit_grant): what the page shows of a wallet's open grants.
import type { BillfoldDb } from '../../db/connection.ts';
import type { CreditGrantSource } from '../../db/tables.ts';

export interface CreditGrant {
  id: string;
  source: CreditGrantSource;
  credits: number;
  expiresAt: Date | null;
  grantedAt: Date;
  description: string;
}

/** The workspace's grants among `grantIds`, in no particular order. */
export async function findGrants(
  db: BillfoldDb,
  workspaceId: string,
  grantIds: readonly string[],
): Promise<CreditGrant[]> {
  const rows = await db
    .selectFrom('credit_grant')
    .select(['id', 'source', 'credits', 'expires_at', 'granted_at', 'description'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', grantIds)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    source: row.source,
    credits: row.credits,
    expiresAt: row.expires_at,
    grantedAt: row.granted_at,
    description: row.description,
  }));
}
