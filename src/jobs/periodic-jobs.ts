// Runs the server's periodic jobs on timers; each job must be safe when several processes run it.
import type { FastifyBaseLogger } from 'fastify';
import { recoverPendingRefunds } from '../billing/credit-notes/recover-pending-refunds.ts';
import type { BillingDeps } from '../billing/deps.ts';
import { enqueueRenewalReminders } from '../billing/emails/renewal-reminders.ts';
import { sendDueEmails } from '../billing/emails/send-due-emails.ts';
import { publishEvents } from '../billing/events/publish-events.ts';
import { recoverPendingPayments } from '../billing/payments/recover-pending-payments.ts';
import { deliverDueWebhooks } from '../billing/webhooks/deliver-due-webhooks.ts';
import { purgeEndedCardAttemptCounters } from './purge-card-attempt-counters.ts';
import { purgeExpiredIdempotencyRecords } from './purge-idempotency-records.ts';
import { runCreditUpkeep } from './run-credit-upkeep.ts';
import { runDueRenewals } from './run-due-renewals.ts';

const everyMinuteMs = 60 * 1000;
const everyHourMs = 60 * everyMinuteMs;
// Events leave within a second of their commit: the outbox is read this often while it is empty.
const eventIdleMs = 200;

export function startPeriodicJobs(deps: BillingDeps, log: FastifyBaseLogger): () => void {
  const timers = [
    every(everyHourMs, 'purging idempotency records', log, async () => {
      const purged = await purgeExpiredIdempotencyRecords(deps.db, deps.clock);
      if (purged > 0) log.info({ purged }, 'purged expired idempotency records');
    }),
    every(everyHourMs, 'purging card attempt counters', log, async () => {
      const purged = await purgeEndedCardAttemptCounters(deps);
      if (purged > 0) log.info({ purged }, 'purged the card attempt counters of ended windows');
    }),
    every(everyMinuteMs, 'recovering pending payments', log, async () => {
      const { settled } = await recoverPendingPayments(deps);
      if (settled > 0) log.warn({ settled }, 'settled payments left pending by an interrupted request');
    }),
    every(everyMinuteMs, 'recovering pending refunds', log, async () => {
      const { settled } = await recoverPendingRefunds(deps);
      if (settled > 0) log.warn({ settled }, 'finished refunds left pending by an interrupted request');
    }),
    every(everyMinuteMs, 'renewing subscriptions', log, async () => {
      const { renewed, retried } = await runDueRenewals(deps);
      if (renewed + retried > 0) log.info({ renewed, retried }, 'renewed subscriptions and retried past-due payments');
    }),
    every(everyMinuteMs, 'writing renewal reminders', log, async () => {
      await enqueueRenewalReminders(deps);
    }),
    every(everyMinuteMs, 'expiring credits and reporting consumption', log, async () => {
      const upkeep = await runCreditUpkeep(deps);
      if (upkeep.walletsExpired + upkeep.topUpsBought > 0) log.info(upkeep, 'expired credits and bought top-ups');
    }),
  ];
  const loops = [
    continually(eventIdleMs, 'publishing events', log, () => publishEvents(deps)),
    continually(eventIdleMs, 'delivering webhooks', log, () => deliverDueWebhooks(deps)),
    continually(1000, 'sending emails', log, () => sendDueEmails(deps)),
  ];
  return () => {
    for (const timer of timers) clearInterval(timer);
    for (const stop of loops) stop();
  };
}

/** Runs `job` again at once while it finds work (it returns how much it did), else after `idleMs`. */
function continually(idleMs: number, what: string, log: FastifyBaseLogger, job: () => Promise<number>): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    let done = 0;
    try {
      done = await job();
    } catch (error) {
      log.error({ err: error }, `${what} failed`);
    }
    if (stopped) return;
    timer = setTimeout(run, done > 0 ? 0 : idleMs);
    timer.unref();
  };
  void run();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function every(intervalMs: number, what: string, log: FastifyBaseLogger, job: () => Promise<void>) {
  let running = false;
  const run = async () => {
    // A slow run (a gateway that answers slowly) is not overlapped by the next tick of this process.
    if (running) return;
    running = true;
    try {
      await job();
    } catch (error) {
      log.error({ err: error }, `${what} failed`);
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return timer;
}
