// The one writer of subscriptions and of the workspace's plan and max users: the subscription's SQL, with the
// mappers between its table row and the domain's Subscription (rows never leave this file), the changes waiting
// for their invoice to be paid, and the claims of due renewals and retries.
import { type Expression, type SelectQueryBuilder, sql } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';
import type { Database, StoredScheduledChange, SubscriptionRow } from '../../db/tables.ts';
import type { BillfoldTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { toDate, toInstant } from '../../domain/clock.ts';
import { planAfterCancel } from '../../domain/subscriptions/quote-change.ts';
import type { PendingChange, PeriodEndChange, Subscription } from '../../domain/subscriptions/subscription.ts';
import type { WorkspacePlan } from '../../domain/subscriptions/subscription-lifecycle.ts';
import { trialEndNoticeDays } from '../../domain/subscriptions/trial.ts';
import type { DueScope } from '../../domain/test-clocks/due-scope.ts';
import type { WorkspaceBilling } from '../workspaces/workspace-billing.queries.ts';

type Db = BillfoldDb | BillfoldTransaction;

/** The workspace's live subscription (any status but canceled: one at most, by a unique index). */
export async function liveSubscription(db: Db, workspaceId: string): Promise<Subscription | null> {
  const row = await db
    .selectFrom('subscription')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', '<>', 'canceled')
    .executeTakeFirst();
  return row ? subscriptionOf(row) : null;
}

/**
 * The workspace's live subscription as one JSON column of another statement (the billing summary reads it beside
 * the workspace's billing row in one round trip); `subscriptionOfJson` maps it back.
 */
export function liveSubscriptionJson(workspaceId: Expression<string>) {
  return sql<LiveSubscriptionJson | null>`(select to_jsonb(s) from subscription s where s.workspace_id = ${workspaceId} and s.status <> 'canceled')`;
}

/** A subscription row as to_jsonb gives it: timestamps as ISO strings. */
export type LiveSubscriptionJson = {
  [K in keyof SubscriptionRow]: SubscriptionRow[K] extends Date
    ? string
    : SubscriptionRow[K] extends Date | null
      ? string | null
      : SubscriptionRow[K];
};

export function subscriptionOfJson(json: LiveSubscriptionJson): Subscription {
  const at = (value: string | null) => (value === null ? null : new Date(value));
  return subscriptionOf({
    ...json,
    anchor: new Date(json.anchor),
    current_period_start: new Date(json.current_period_start),
    current_period_end: new Date(json.current_period_end),
    past_due_since: at(json.past_due_since),
    next_retry_at: at(json.next_retry_at),
    created_at: new Date(json.created_at),
    canceled_at: at(json.canceled_at),
    trial_end: at(json.trial_end),
  });
}

export async function lockSubscription(trx: BillfoldTransaction, id: string): Promise<Subscription> {
  const row = await trx
    .selectFrom('subscription')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return subscriptionOf(row);
}

/** Several subscriptions, locked (a batch of renewals rereads what it claimed); in the order of `ids`. */
export async function lockSubscriptions(trx: BillfoldTransaction, ids: readonly string[]): Promise<Subscription[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom('subscription')
    .selectAll()
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  const byId = new Map(rows.map((row) => [row.id, subscriptionOf(row)]));
  return ids.map((id) => {
    const subscription = byId.get(id);
    if (!subscription) throw new Error(`No subscription ${id}`);
    return subscription;
  });
}

/** The subscriptions collecting these renewal invoices, locked. */
export async function lockSubscriptionsCollecting(
  trx: BillfoldTransaction,
  invoiceIds: readonly string[],
): Promise<Subscription[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await trx
    .selectFrom('subscription')
    .selectAll()
    .where('dunning_invoice_id', 'in', invoiceIds)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map(subscriptionOf);
}

/** The subscription collecting this renewal invoice, locked. */
export async function lockSubscriptionCollecting(
  trx: BillfoldTransaction,
  invoiceId: string,
): Promise<Subscription | null> {
  const row = await trx
    .selectFrom('subscription')
    .selectAll()
    .where('dunning_invoice_id', '=', invoiceId)
    .forUpdate()
    .executeTakeFirst();
  return row ? subscriptionOf(row) : null;
}

/** A subscription that starts with a trial also records the workspace's trial of its plan (one per plan). */
export async function insertSubscription(trx: BillfoldTransaction, subscription: Subscription): Promise<void> {
  await trx
    .insertInto('subscription')
    .values({
      id: subscription.id,
      workspace_id: subscription.workspaceId,
      created_at: toDate(subscription.createdAt),
      ...columnsOf(subscription),
    })
    .execute();
  if (subscription.trial) {
    await trx
      .insertInto('trial_use')
      .values({
        workspace_id: subscription.workspaceId,
        plan_id: subscription.price.planId,
        subscription_id: subscription.id,
        started_at: toDate(subscription.createdAt),
      })
      .execute();
  }
}

/** The plans the workspace has trialed. */
export async function trialedPlanIds(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db.selectFrom('trial_use').select('plan_id').where('workspace_id', '=', workspaceId).execute();
  return rows.map((row) => row.plan_id);
}

/**
 * Claims the trial whose end is due to be announced (3 days before it), most overdue first: FOR UPDATE SKIP LOCKED
 * on the workspace's billing row. The caller rereads the subscription under the lock.
 */
export async function claimDueTrialEndNotice(
  trx: BillfoldTransaction,
  now: Date,
  scope: DueScope,
): Promise<{ subscriptionId: string; workspaceId: string } | undefined> {
  const due = trx
    .selectFrom('subscription')
    .innerJoin('workspace_billing', 'workspace_billing.workspace_id', 'subscription.workspace_id')
    .select(['subscription.id as subscriptionId', 'subscription.workspace_id as workspaceId'])
    .where('subscription.status', '=', 'trialing')
    .where('subscription.trial_end_announced', '=', false)
    .where(sql<boolean>`subscription.trial_end = subscription.current_period_end`)
    .where(sql<boolean>`subscription.trial_end - interval '${sql.raw(String(trialEndNoticeDays))} days' <= ${now}`)
    .orderBy('subscription.trial_end');
  return withinScope(due, scope).limit(1).forUpdate('workspace_billing').skipLocked().executeTakeFirst();
}

/** Stores the subscriptions' changed columns, in one statement however many there are. */
export async function saveSubscriptions(
  trx: BillfoldTransaction,
  subscriptions: readonly Subscription[],
): Promise<void> {
  if (subscriptions.length === 0) return;
  const values = sql.join(
    subscriptions.map((subscription) => {
      const c = columnsOf(subscription);
      return sql`(${subscription.id}::text, ${c.status}::text, ${c.price}::jsonb, ${c.seats}::integer,
        ${c.anchor}::timestamptz, ${c.period_index}::integer, ${c.current_period_start}::timestamptz,
        ${c.current_period_end}::timestamptz, ${c.cancel_at_period_end}::boolean, ${c.ends_with_plan_id}::text,
        ${c.scheduled_change}::jsonb, ${c.past_due_since}::timestamptz, ${c.retries_done}::integer,
        ${c.next_retry_at}::timestamptz, ${c.dunning_invoice_id}::text, ${c.canceled_at}::timestamptz,
        ${c.trial_end}::timestamptz, ${c.trial_end_announced}::boolean)`;
    }),
  );
  await sql`update subscription set status = v.status, price = v.price, seats = v.seats, anchor = v.anchor,
      period_index = v.period_index, current_period_start = v.current_period_start,
      current_period_end = v.current_period_end, cancel_at_period_end = v.cancel_at_period_end,
      ends_with_plan_id = v.ends_with_plan_id, scheduled_change = v.scheduled_change,
      past_due_since = v.past_due_since, retries_done = v.retries_done, next_retry_at = v.next_retry_at,
      dunning_invoice_id = v.dunning_invoice_id, canceled_at = v.canceled_at, trial_end = v.trial_end,
      trial_end_announced = v.trial_end_announced
    from (values ${values}) as v(id, status, price, seats, anchor, period_index, current_period_start,
      current_period_end, cancel_at_period_end, ends_with_plan_id, scheduled_change, past_due_since, retries_done,
      next_retry_at, dunning_invoice_id, canceled_at, trial_end, trial_end_announced)
    where subscription.id = v.id`.execute(trx);
}

export function setWorkspacePlan(
  trx: BillfoldTransaction,
  workspaceId: string,
  plan: WorkspacePlan,
  now: Date,
): Promise<void> {
  return setWorkspacePlans(trx, [{ workspaceId, plan }], now);
}

/** Sets the workspaces' plan and max users, in one statement. */
export async function setWorkspacePlans(
  trx: BillfoldTransaction,
  plans: readonly { workspaceId: string; plan: WorkspacePlan }[],
  now: Date,
): Promise<void> {
  if (plans.length === 0) return;
  const values = sql.join(
    plans.map(({ workspaceId, plan }) => sql`(${workspaceId}::text, ${plan.planId}::text, ${plan.maxUsers}::integer)`),
  );
  await sql`update workspace_billing set plan_id = v.plan_id, max_users = v.max_users, updated_at = ${now}
    from (values ${values}) as v(workspace_id, plan_id, max_users)
    where workspace_billing.workspace_id = v.workspace_id`.execute(trx);
}

export interface PendingChangeRecord {
  id: string;
  subscriptionId: string;
  invoiceId: string;
  change: PendingChange;
  /** Who asked for it, named by the audit entry written when it is applied. */
  requestedBy: AuditActor;
}

export async function insertPendingChange(
  trx: BillfoldTransaction,
  record: PendingChangeRecord & { workspaceId: string; createdAt: Date },
): Promise<void> {
  await trx
    .insertInto('subscription_change')
    .values({
      id: record.id,
      workspace_id: record.workspaceId,
      subscription_id: record.subscriptionId,
      invoice_id: record.invoiceId,
      kind: record.change.kind,
      change: JSON.stringify(record.change),
      status: 'pending',
      created_at: record.createdAt,
      settled_at: null,
      requested_by_type: record.requestedBy.type,
      requested_by_id: record.requestedBy.id,
    })
    .execute();
}

/** The change an invoice pays for, while it waits for the payment, locked. */
export async function lockPendingChangeOf(
  trx: BillfoldTransaction,
  invoiceId: string,
): Promise<PendingChangeRecord | undefined> {
  const row = await trx
    .selectFrom('subscription_change')
    .select(['id', 'subscription_id', 'invoice_id', 'change', 'requested_by_type', 'requested_by_id'])
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'pending')
    .forUpdate()
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      subscriptionId: row.subscription_id,
      invoiceId: row.invoice_id,
      change: row.change,
      requestedBy: row.requested_by_type
        ? { type: row.requested_by_type, id: row.requested_by_id }
        : { type: 'system', id: null },
    }
  );
}

export async function settlePendingChange(
  trx: BillfoldTransaction,
  id: string,
  status: 'applied' | 'dropped',
  now: Date,
): Promise<void> {
  await trx.updateTable('subscription_change').set({ status, settled_at: now }).where('id', '=', id).execute();
}

/** Seats bought but not yet paid for: the next increase is priced on top of them, so none is charged twice. */
export async function pendingSeatIncrease(db: Db, subscriptionId: string): Promise<number> {
  const pending = await db
    .selectFrom('subscription_change')
    .select('change')
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', 'pending')
    .where('kind', '=', 'add_seats')
    .execute();
  return pending.reduce((sum, row) => sum + (row.change.kind === 'add_seats' ? row.change.seats : 0), 0);
}

/** A plan change or subscribe still waiting for its invoice to be paid (the bank's confirmation, say). */
export async function pendingPlanChangeInvoice(
  trx: BillfoldTransaction,
  subscriptionId: string,
): Promise<{ invoiceId: string; number: string | null } | undefined> {
  return trx
    .selectFrom('subscription_change')
    .innerJoin('invoice', 'invoice.id', 'subscription_change.invoice_id')
    .select(['subscription_change.invoice_id as invoiceId', 'invoice.number'])
    .where('subscription_change.subscription_id', '=', subscriptionId)
    .where('subscription_change.status', '=', 'pending')
    .where('subscription_change.kind', 'in', ['subscribe', 'change_plan'])
    .executeTakeFirst();
}

/** A due renewal as claimed: the subscription and what its workspace's billing row says (both locked). */
export interface ClaimedRenewal {
  subscription: Subscription;
  billing: Pick<WorkspaceBilling, 'workspaceId' | 'planId' | 'maxUsers' | 'defaultPaymentMethodId'>;
}

/**
 * Claims up to `limit` due renewals in scope, most overdue first: FOR UPDATE SKIP LOCKED on each subscription and
 * its workspace's billing row, so any number of processes share the work, each batch its own rows. A row another
 * process renewed and committed meanwhile is rechecked under the lock (Postgres re-evaluates the conditions on the
 * locked version) and left out.
 */
export async function claimDueRenewals(
  trx: BillfoldTransaction,
  now: Date,
  scope: DueScope,
  limit: number,
): Promise<ClaimedRenewal[]> {
  const due = trx
    .selectFrom('subscription')
    .innerJoin('workspace_billing', 'workspace_billing.workspace_id', 'subscription.workspace_id')
    .selectAll('subscription')
    .select([
      'workspace_billing.plan_id as billing_plan_id',
      'workspace_billing.max_users as billing_max_users',
      'workspace_billing.default_payment_method_id as billing_default_payment_method_id',
    ])
    .where('subscription.status', 'in', ['active', 'trialing'])
    .where('subscription.current_period_end', '<=', now)
    .orderBy('subscription.current_period_end')
    .orderBy('subscription.id');
  const rows = await withinScope(due, scope)
    .limit(limit)
    .forUpdate(['workspace_billing', 'subscription'])
    .skipLocked()
    .execute();
  return rows.map(({ billing_plan_id, billing_max_users, billing_default_payment_method_id, ...row }) => ({
    subscription: subscriptionOf(row),
    billing: {
      workspaceId: row.workspace_id,
      planId: billing_plan_id,
      maxUsers: billing_max_users,
      defaultPaymentMethodId: billing_default_payment_method_id,
    },
  }));
}

/**
 * Claims the most overdue dunning retry in scope: FOR UPDATE SKIP LOCKED on the workspace's billing row, so any
 * number of processes share the work. The caller rereads under the lock.
 */
export async function claimDueRetry(
  trx: BillfoldTransaction,
  now: Date,
  scope: DueScope,
): Promise<{ subscriptionId: string; workspaceId: string } | undefined> {
  const due = trx
    .selectFrom('subscription')
    .innerJoin('workspace_billing', 'workspace_billing.workspace_id', 'subscription.workspace_id')
    .select(['subscription.id as subscriptionId', 'subscription.workspace_id as workspaceId'])
    .where('subscription.status', '=', 'past_due')
    .where('subscription.next_retry_at', '<=', now)
    .orderBy('subscription.next_retry_at');
  return withinScope(due, scope).limit(1).forUpdate('workspace_billing').skipLocked().executeTakeFirst();
}

function withinScope<O>(
  query: SelectQueryBuilder<Database, 'subscription' | 'workspace_billing', O>,
  scope: DueScope,
): SelectQueryBuilder<Database, 'subscription' | 'workspace_billing', O> {
  return scope.kind === 'system_clock'
    ? query.where('workspace_billing.test_clock_id', 'is', null)
    : query.where('subscription.workspace_id', '=', scope.workspaceId);
}

export function subscriptionOf(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    status: row.status,
    price: row.price,
    seats: row.seats,
    anchor: toInstant(row.anchor),
    periodIndex: row.period_index,
    currentPeriod: { start: toInstant(row.current_period_start), end: toInstant(row.current_period_end) },
    atPeriodEnd: periodEndChangeOf(row),
    renewalInvoiceId: row.dunning_invoice_id,
    pastDueSince: row.past_due_since && toInstant(row.past_due_since),
    retriesDone: row.retries_done,
    nextRetryAt: row.next_retry_at && toInstant(row.next_retry_at),
    createdAt: toInstant(row.created_at),
    canceledAt: row.canceled_at && toInstant(row.canceled_at),
    trial: row.trial_end && { end: toInstant(row.trial_end), endAnnounced: row.trial_end_announced },
  };
}

/**
 * The three stored columns as one value. A row from before this model that says "cancel, ending on Flex" is
 * what it always meant: a scheduled switch to Flex.
 */
function periodEndChangeOf(
  row: Pick<SubscriptionRow, 'cancel_at_period_end' | 'ends_with_plan_id' | 'scheduled_change'>,
): PeriodEndChange | null {
  const stored = storedChangeOf(row.scheduled_change);
  const endsOn = row.ends_with_plan_id;
  if (row.cancel_at_period_end && (endsOn === null || endsOn === planAfterCancel)) {
    return { kind: 'cancel', keptForResume: stored };
  }
  if (endsOn !== null && endsOn !== planAfterCancel) return { kind: 'switch', planId: endsOn };
  return stored;
}

function storedChangeOf(stored: StoredScheduledChange | null): Exclude<PeriodEndChange, { kind: 'cancel' }> | null {
  if (!stored) return null;
  if ('planId' in stored) return { kind: 'switch', planId: stored.planId };
  return { kind: 'change', price: stored.price, seats: stored.seats };
}

function storedOf(change: Exclude<PeriodEndChange, { kind: 'cancel' }> | null): string | null {
  if (!change) return null;
  return JSON.stringify(
    change.kind === 'switch' ? { planId: change.planId } : { price: change.price, seats: change.seats },
  );
}

/** The columns a transition may change (all but the id, the workspace and when it was created). */
function columnsOf(subscription: Subscription) {
  const scheduled = subscription.atPeriodEnd;
  return {
    status: subscription.status,
    price: JSON.stringify(subscription.price),
    seats: subscription.seats,
    anchor: toDate(subscription.anchor),
    period_index: subscription.periodIndex,
    current_period_start: toDate(subscription.currentPeriod.start),
    current_period_end: toDate(subscription.currentPeriod.end),
    cancel_at_period_end: scheduled?.kind === 'cancel',
    ends_with_plan_id:
      scheduled?.kind === 'cancel' ? planAfterCancel : scheduled?.kind === 'switch' ? scheduled.planId : null,
    scheduled_change: storedOf(scheduled?.kind === 'cancel' ? scheduled.keptForResume : scheduled),
    past_due_since: subscription.pastDueSince && toDate(subscription.pastDueSince),
    retries_done: subscription.retriesDone,
    next_retry_at: subscription.nextRetryAt && toDate(subscription.nextRetryAt),
    dunning_invoice_id: subscription.renewalInvoiceId,
    canceled_at: subscription.canceledAt && toDate(subscription.canceledAt),
    trial_end: subscription.trial && toDate(subscription.trial.end),
    trial_end_announced: subscription.trial?.endAnnounced ?? false,
  };
}
