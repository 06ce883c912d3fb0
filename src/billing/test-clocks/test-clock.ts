// Test clocks (test mode): a workspace's billing reads time from its own clock, which moves only when advanced.
// Advancing runs every renewal, dunning retry and credit expiry that falls due on the way, in time order, each at
// its moment, and moves the clock only as far as the work done.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { inTransaction } from '../../db/transaction.ts';
import type { AuditActor } from '../../domain/access/actor.ts';
import { fixedClock, toDate, toInstant } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { assertTestClockMove, assertTestClockStart } from '../../domain/test-clocks/test-clock-rules.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { BillingDeps } from '../deps.ts';
import { type DueWorkKind, type DueWorkOutcome, nextDueWork, runDueWork } from '../due-work/due-work.ts';
import { liveSubscription } from '../subscriptions/subscriptions.queries.ts';
import { lockWorkspace } from '../workspaces/lock-workspace.ts';
import { attachTestClock, findTestClock, moveFrozenTime } from './test-clocks.queries.ts';

export interface TestClockView {
  id: string;
  workspaceId: string;
  frozenTime: Date;
}

export type ClockStep = { at: Date } & DueWorkOutcome;

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
    const { billing } = await lockWorkspace(trx, deps, workspaceId);
    if (billing.testClockId) {
      throw new BillingError('test_clock_conflict', 'This workspace is already on a test clock: advance it instead.');
    }
    if (await liveSubscription(trx, workspaceId)) {
      throw new BillingError(
        'test_clock_conflict',
        'Attach a test clock before subscribing: this workspace already has a subscription on the real clock.',
      );
    }
    const id = newId('clock');
    await attachTestClock(trx, { id, workspaceId, frozenTime, createdAt: toDate(deps.clock.now()) });
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
  const clock = await findTestClock(deps.db, owner.workspace.id);
  if (!clock) throw new BillingError('not_found', `${owner.workspace.name} is not on a test clock.`);
  return clock;
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
    const due = await nextDueWork(deps, clock.workspaceId);
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
  due: { kind: DueWorkKind; at: Date },
): Promise<ClockStep | null> {
  const atThatMoment = { ...deps, clock: fixedClock(toInstant(due.at)) };
  const done = await runDueWork(atThatMoment, due.kind, { kind: 'workspace', workspaceId });
  return done && { at: due.at, ...done };
}

async function setFrozenTime(deps: BillingDeps, clockId: string, at: Date): Promise<void> {
  await moveFrozenTime(deps.db, clockId, at);
}
