// SQL of a batch's fast path: one autocommitted statement that locks the wallet row, takes the whole batch from
// the first open grant and appends every debit's ledger entry with the balance after it, so the row lock is
// held only while Postgres runs it (the batch form of debit-in-one-statement.queries.ts, docs/decisions/017).
// It applies only when the result is certain to equal the drawdown rule's for each debit in order: no key of
// the batch is in the ledger yet, the wallet's first grant covers the batch's sum and keeps some credits,
// nothing has expired, the batch crosses no low-balance or auto top-up line, and the workspace has no test
// clock. Otherwise it changes nothing and answers null, and the batch takes the general path. The ledger is
// read in the statement's snapshot, which may predate the lock: a key another debit committed meanwhile then
// fails the unique (workspace, key) index, the statement changes nothing, and the general path answers it.
import { sql } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { newId } from '../../domain/ids.ts';

export interface OneStatementBatchDebit {
  amount: number;
  description: string;
  metadata: Record<string, unknown> | null;
  idempotencyKey: string;
  requestFingerprint: string;
}

export async function debitBatchInOneStatement(
  db: BillfoldDb,
  batch: { workspaceId: string; debits: readonly OneStatementBatchDebit[]; actor: AuditActor; now: Date },
): Promise<{ id: string; balance: number }[] | null> {
  const { workspaceId, now } = batch;
  const total = batch.debits.reduce((sum, d) => sum + d.amount, 0);
  const rows = batch.debits.map((d, index) => ({
    ord: index,
    id: newId('ctx'),
    amount: d.amount,
    description: d.description,
    metadata: d.metadata,
    key: d.idempotencyKey,
    fingerprint: d.requestFingerprint,
  }));
  const day = now.toISOString().slice(0, 10);
  const result = await sql<{ id: string; balance_after: number }>`
    with input as (
      select t.ord, t.id, t.amount, t.description, t.metadata, t.key, t.fingerprint,
             sum(t.amount) over (order by t.ord) as running
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as t(ord int, id text, amount bigint, description text, metadata jsonb, key text, fingerprint text)
    ), wallet as (
      update credit_account a
      set balance = a.balance - ${total},
          open_grants = jsonb_set(a.open_grants, '{0,remaining}',
                                  to_jsonb((a.open_grants -> 0 ->> 'remaining')::bigint - ${total})),
          period_consumed = a.period_consumed + ${total},
          unreported_credits = a.unreported_credits + ${total},
          unreported_debits = a.unreported_debits + ${rows.length},
          updated_at = ${now}
      from workspace_billing b
      where a.workspace_id = ${workspaceId}
        and b.workspace_id = a.workspace_id
        and b.test_clock_id is null
        and (a.next_expiry_at is null or a.next_expiry_at > ${now})
        and (a.open_grants -> 0 ->> 'remaining')::bigint > ${total}
        and a.balance - ${total} >= coalesce(a.low_balance_threshold, 0)
        and not (a.auto_top_up_enabled and a.auto_top_up_armed
                 and a.balance - ${total} < coalesce(a.auto_top_up_threshold, 0))
        -- "= any(array(…))" probes the (workspace, key) index once per key; "in (select …)" would scan the
        -- workspace's whole ledger against the batch.
        and not exists (select 1 from credit_transaction t
                        where t.workspace_id = ${workspaceId}
                          and t.idempotency_key = any(array(select key from input)))
      returning a.balance + ${total} as balance_before, a.open_grants -> 0 ->> 'id' as grant_id
    ), usage as (
      insert into credit_usage_day (workspace_id, day, credits, debits)
      select ${workspaceId}, ${day}, ${total}, ${rows.length} from wallet
      on conflict (workspace_id, day)
      do update set credits = credit_usage_day.credits + ${total},
                    debits = credit_usage_day.debits + ${rows.length}
    )
    insert into credit_transaction (id, workspace_id, type, credits, balance_after, grant_id, drawn_from, description,
                                    metadata, actor_type, actor_id, idempotency_key, request_fingerprint, created_at)
    select input.id, ${workspaceId}, 'debit', -input.amount, wallet.balance_before - input.running, null,
           jsonb_build_array(jsonb_build_object('grantId', wallet.grant_id, 'credits', input.amount)),
           input.description, input.metadata, ${batch.actor.type}, ${batch.actor.id}, input.key, input.fingerprint,
           ${now}
    from wallet, input
    order by input.ord
    returning id, balance_after`.execute(db);
  if (result.rows.length === 0) return null;
  const balanceById = new Map(result.rows.map((row) => [row.id, Number(row.balance_after)]));
  return rows.map((row) => ({ id: row.id, balance: balanceById.get(row.id) as number }));
}
