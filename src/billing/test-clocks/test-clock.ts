// Test clocks (test mode): a workspace's billing reads time from its own clock, which moves only when advanced.
// Advancing runs every renewal, dunning retry and credit expiry that falls due on the way, in time order, each at
// its moment, and moves the clock only as far as the work done.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Temporal } from 'temporal-polyfill';
import { inTransaction } from '../../db/transaction.ts';
import { fixedClock, toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { assertTestClockMove, assertTestClockStart } from '../../domain/test-clocks/test-clock-rules.ts';
import type { AuditActor } from '../access/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { expireNextDueCredits, nextCreditExpiry } from '../credits/expire-credits.ts';
import type { BillingDeps } from '../deps.ts';
import { type RetryOutcome, retryNextDuePayment } from '../dunning/retry-past-due.ts';
import { liveSubscription } from '../subscriptions/live-subscription.ts';
import { type RenewalOutcome, renewNextDueSubscription } from '../subscriptions/renew-subscription.ts';

export interface TestClockView {
  id: string;
  workspaceId: string;
  frozenTime: Date;
}

export type ClockStep = { at: Date } & (
  | { kind: 'renewal'; outcome: RenewalOutcome }
  | { kind: 'dunning_retry'; outcome: RetryOutcome }
  | { kind: 'credit_expiry'; outcome: { expired: number } }
);

/** Whose clock it is and who is moving it (a member, an API key, or the operator's CLI). */
export interface ClockOwner {
  workspace: { id: string; name: string };
  actor: AuditActor;
}

export async function createTestClock(deps: BillingDeps, owner: ClockOwner, frozenTime: Date): Promise<TestClockView> {
  const workspaceId = owner.workspace.id;
  assertTestClockStart(frozenTime);
  if (deps.gateway.name !== 'sandbox') {
    throw new BillingError('test_clock_conflict', 'Test clocks exist in test mode only (the sandbox gateway).');
  }
  return inTransaction(deps.db, async (trx) => {
    const billing = await trx
      .selectFrom('workspace_billing')
      .select('test_clock_id')
      .where('workspace_id', '=', workspaceId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (billing.test_clock_id) {
      throw new BillingError('test_clock_conflict', 'This workspace is already on a test clock: advance it instead.');
    }
    if (await liveSubscription(trx, workspaceId)) {
      throw new BillingError(
        'test_clock_conflict',
        'Attach a test clock before subscribing: this workspace already has a subscription on the real clock.',
      );
    }
    const id = newId('clock');
    await trx
      .insertInto('test_clock')
      .values({ id, workspace_id: workspaceId, frozen_time: frozenTime, created_at: toDate(deps.clock.now()) })
      .execute();
    await trx
      .updateTable('workspace_billing')
      .set({ test_clock_id: id })
      .where('workspace_id', '=', workspaceId)
      .execute();
    await recordAudit(trx, deps.clock, {
      workspaceId,
      actor: owner.actor,
      action: 'test_clock.created',
      targetId: id,
      after: { frozenTime },
    });
    return { id, workspaceId, frozenTime };
  });
}

export async function getTestClock(deps: BillingDeps, owner: Pick<ClockOwner, 'workspace'>): Promise<TestClockView> {
  const clock = await deps.db
    .selectFrom('test_clock')
    .select(['id', 'workspace_id', 'frozen_time'])
    .where('workspace_id', '=', owner.workspace.id)
    .executeTakeFirst();
  if (!clock) throw new BillingError('not_found', `${owner.workspace.name} is not on a test clock.`);
  return { id: clock.id, workspaceId: clock.workspace_id, frozenTime: clock.frozen_time };
}

/**
 * Runs what falls due up to `to`, one step at a time, the clock moving to each step's moment as it runs: the clock
 * never passes a time whose due work has not run, and however long the advance (up to 200 years of monthly
 * renewals), all of it runs. Each step is its own short transactions, and the event loop gets a turn between
 * steps: embedded PGlite answers without real I/O, so without it a long advance would hold every other request.
 */
export async function advanceTestClock(
  deps: BillingDeps,
  owner: ClockOwner,
  to: Date,
): Promise<TestClockView & { steps: ClockStep[] }> {
  const clock = await getTestClock(deps, owner);
  assertTestClockMove(clock.frozenTime, to);
  const steps: ClockStep[] = [];
  let reached = clock.frozenTime;
  let blocked: ClockStep['kind'] | null = null;
  for (;;) {
    const due = await nextDueMoment(deps, clock.workspaceId);
    if (!due || due.at.getTime() > to.getTime()) break;
    // The step's own transactions read the workspace's clock (a failed charge schedules its retry from it).
    await setFrozenTime(deps, clock.id, due.at);
    if (due.at.getTime() > reached.getTime()) reached = due.at;
    const step = await runDueStep(deps, clock.workspaceId, due);
    if (!step) {
      blocked = due.kind;
      break;
    }
    steps.push(step);
    await nextTurn();
  }
  if (!blocked) {
    await setFrozenTime(deps, clock.id, to);
    reached = to;
  }
  await inTransaction(deps.db, (trx) =>
    recordAudit(trx, deps.clock, {
      workspaceId: clock.workspaceId,
      actor: owner.actor,
      action: 'test_clock.advanced',
      targetId: clock.id,
      before: { frozenTime: clock.frozenTime },
      after: { frozenTime: reached, steps: steps.length },
    }),
  );
  if (blocked) {
    throw new BillingError(
      'test_clock_conflict',
      `The test clock stopped at ${reached.toISOString()} after ${steps.length} steps: the ${blocked.replace('_', ' ')} ` +
        'due next is being run elsewhere (another advance, or a payment still settling). Advance again shortly.',
    );
  }
  return { ...clock, frozenTime: reached, steps };
}

/** Runs the due renewal, retry or expiry at its own moment; null when there was nothing to claim after all. */
async function runDueStep(
  deps: BillingDeps,
  workspaceId: string,
  due: { kind: ClockStep['kind']; at: Date },
): Promise<ClockStep | null> {
  const scope = { kind: 'workspace', workspaceId } as const;
  const atThatMoment = { ...deps, clock: fixedClock(Temporal.Instant.fromEpochMilliseconds(due.at.getTime())) };
  switch (due.kind) {
    case 'credit_expiry': {
      const outcome = await expireNextDueCredits(atThatMoment, scope);
      return outcome && { at: due.at, kind: 'credit_expiry', outcome: { expired: outcome.expired } };
    }
    case 'renewal': {
      const outcome = await renewNextDueSubscription(atThatMoment, scope);
      return outcome && { at: due.at, kind: 'renewal', outcome };
    }
    case 'dunning_retry': {
      const outcome = await retryNextDuePayment(atThatMoment, scope);
      return outcome && { at: due.at, kind: 'dunning_retry', outcome };
    }
  }
}

/** The workspace's next renewal, retry or credit expiry, whichever comes first (an expiry before a renewal). */
async function nextDueMoment(
  deps: BillingDeps,
  workspaceId: string,
): Promise<{ kind: 'renewal' | 'dunning_retry' | 'credit_expiry'; at: Date } | null> {
  const [subscription, expiry] = await Promise.all([
    liveSubscription(deps.db, workspaceId),
    nextCreditExpiry(deps, workspaceId),
  ]);
  let billingStep: { kind: 'renewal' | 'dunning_retry'; at: Date } | null = null;
  if (subscription?.status === 'active' || subscription?.status === 'trialing') {
    billingStep = { kind: 'renewal', at: subscription.current_period_end };
  } else if (subscription?.status === 'past_due' && subscription.next_retry_at) {
    billingStep = { kind: 'dunning_retry', at: subscription.next_retry_at };
  }
  if (expiry && (!billingStep || expiry.getTime() <= billingStep.at.getTime())) {
    return { kind: 'credit_expiry', at: expiry };
  }
  return billingStep;
}

async function setFrozenTime(deps: BillingDeps, clockId: string, at: Date): Promise<void> {
  // Never backwards, even if two advances of the same clock overlap.
  await deps.db
    .updateTable('test_clock')
    .set({ frozen_time: at })
    .where('id', '=', clockId)
    .where('frozen_time', '<', at)
    .execute();
}
