// SQL of a debit's fast path: one autocommitted statement that locks the wallet row, takes the credits from the
// first open grant and appends the ledger entry, so the row lock is held only while Postgres runs it — no
// round trip to Node in between (docs/decisions/007, "The fast path"). It applies only when the result is
// certain to equal the drawdown rule's (src/domain/credits/credit-wallet.ts): the wallet is kept in drawdown
// order, its first grant covers the debit and keeps some credits, nothing has expired, and the debit crosses no
// low-balance or auto top-up line and does not empty the wallet; and only to a workspace without a test clock,
// whose clock is the server's (workspaces/workspace-clock.ts: onWorkspaceClock(deps, null) is deps), so `now`
// is read before the statement. Otherwise it changes nothing and answers null, and the debit takes the general
// path (lock, decide in the domain, write).
import { sql } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { newId } from '../../domain/ids.ts';

export interface OneStatementDebit {
  workspaceId: string;
  amount: number;
  description: string;
  metadata: Record<string, unknown> | null;
  idempotencyKey: string;
  requestFingerprint: string;
  actor: AuditActor;
  now: Date;
}

export async function debitInOneStatement(
  db: BillfoldDb,
  debit: OneStatementDebit,
): Promise<{ id: string; balance: number } | null> {
  const id = newId('ctx');
  const amount = debit.amount;
  const day = debit.now.toISOString().slice(0, 10);
  const result = await sql<{ id: string; balance_after: number }>`
    with wallet as (
      update credit_account a
      set balance = a.balance - ${amount},
          open_grants = jsonb_set(a.open_grants, '{0,remaining}',
                                  to_jsonb((a.open_grants -> 0 ->> 'remaining')::bigint - ${amount})),
          period_consumed = a.period_consumed + ${amount},
          unreported_credits = a.unreported_credits + ${amount},
          unreported_debits = a.unreported_debits + 1,
          updated_at = ${debit.now}
      from workspace_billing b
      where a.workspace_id = ${debit.workspaceId}
        and b.workspace_id = a.workspace_id
        and b.test_clock_id is null
        and (a.next_expiry_at is null or a.next_expiry_at > ${debit.now})
        and (a.open_grants -> 0 ->> 'remaining')::bigint > ${amount}
        and a.balance - ${amount} >= coalesce(a.low_balance_threshold, 0)
        and not (a.auto_top_up_enabled and a.auto_top_up_armed
                 and a.balance - ${amount} < coalesce(a.auto_top_up_threshold, 0))
      returning a.balance, a.open_grants -> 0 ->> 'id' as grant_id
    ), usage as (
      insert into credit_usage_day (workspace_id, day, credits, debits)
      select ${debit.workspaceId}, ${day}, ${amount}, 1 from wallet
      on conflict (workspace_id, day)
      do update set credits = credit_usage_day.credits + ${amount}, debits = credit_usage_day.debits + 1
    )
    insert into credit_transaction (id, workspace_id, type, credits, balance_after, grant_id, drawn_from, description,
                                    metadata, actor_type, actor_id, idempotency_key, request_fingerprint, created_at)
    select ${id}, ${debit.workspaceId}, 'debit', ${-amount}, wallet.balance, null,
           jsonb_build_array(jsonb_build_object('grantId', wallet.grant_id, 'credits', ${amount}::bigint)),
           ${debit.description}, ${debit.metadata === null ? null : JSON.stringify(debit.metadata)}::jsonb,
           ${debit.actor.type}, ${debit.actor.id}, ${debit.idempotencyKey}, ${debit.requestFingerprint}, ${debit.now}
    from wallet
    returning id, balance_after`.execute(db);
  const row = result.rows[0];
  return row ? { id: row.id, balance: Number(row.balance_after) } : null;
}
