// The billfold command, started by cli.ts: serve | migrate | seed | jobs run | clock advance | credits | webhooks |
// coupons | promotion-codes | verify.
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { resolveWorkspace, type WorkspaceRef } from './billing/access/resolve-workspace.ts';
import { recoverPendingRefunds } from './billing/credit-notes/recover-pending-refunds.ts';
import { adjustCredits } from './billing/credits/adjust-credits.ts';
import { verifyCredits } from './billing/credits/verify-credits.ts';
import { verifyCustomerBalances } from './billing/customer-balance/verify-customer-balance.ts';
import { enqueueRenewalReminders } from './billing/emails/renewal-reminders.ts';
import { sendDueEmails } from './billing/emails/send-due-emails.ts';
import { publishEvents } from './billing/events/publish-events.ts';
import { recoverPendingPayments } from './billing/payments/recover-pending-payments.ts';
import { PlanCatalogError } from './billing/plans/catalog.ts';
import { advanceTestClock } from './billing/test-clocks/test-clock.ts';
import { deliverDueWebhooks, finishWebhookDeliveries } from './billing/webhooks/deliver-due-webhooks.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { couponsUsage, runCouponsCommand } from './coupons-cli.ts';
import { openDatabase } from './db/connection.ts';
import { DataDirInUseError } from './db/data-dir-lock.ts';
import { migrateToLatest } from './db/migrate.ts';
import { serializeErrorWithoutQueryValues } from './db/query-error-log.ts';
import { systemActor } from './domain/access/actor.ts';
import { BillingError } from './domain/errors.ts';
import { runCreditUpkeep } from './jobs/run-credit-upkeep.ts';
import { runDueRenewals } from './jobs/run-due-renewals.ts';
import { seedDemo } from './seed/demo-workspace.ts';
import { serveInOneProcess } from './serve.ts';
import { serveWithWorkers, workerCount } from './serve-workers.ts';
import { type Billfold, openBillfold } from './server.ts';
import { runWebhooksCommand, webhooksUsage } from './webhooks-cli.ts';

const usage = `Usage: billfold <command>

  serve [--demo] [--workers N]
                   start the server (--demo, or BILLFOLD_SEED_DEMO=true, seeds the demo workspace) in N processes
                   on one port: by default one per core on Postgres, one on the embedded database (its only choice)
  migrate          apply pending database migrations
  seed             seed the demo workspace
  jobs run         run the periodic jobs once: renewals, dunning retries, pending payments, credit expiry,
                   publishing events, a webhook delivery run, renewal reminders and sending emails
  clock advance <workspace> --to <ISO time>
                   move a workspace's test clock forward, running what falls due on the way
  credits adjust <workspace> --credits=<N> --reason <text>
                   add (or, with a negative N, remove) credits, recorded with the reason
${webhooksUsage}${couponsUsage}  verify           recompute every workspace's credits and customer balance from their ledgers; exit 1 on any mismatch
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean', default: false },
      workers: { type: 'string' },
      to: { type: 'string' },
      credits: { type: 'string' },
      reason: { type: 'string' },
      url: { type: 'string' },
      events: { type: 'string' },
      description: { type: 'string' },
      'percent-off': { type: 'string' },
      'amount-off': { type: 'string' },
      currency: { type: 'string' },
      duration: { type: 'string' },
      months: { type: 'string' },
      plans: { type: 'string' },
      'max-redemptions': { type: 'string' },
      expires: { type: 'string' },
      name: { type: 'string' },
      coupon: { type: 'string' },
      code: { type: 'string' },
      'first-time-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(usage);
    return command ? 0 : 1;
  }
  // The demo's webhook receivers run on this machine: --demo allows private addresses unless told otherwise.
  const config = loadConfig(values.demo ? { BILLFOLD_WEBHOOKS_ALLOW_PRIVATE: 'true', ...process.env } : process.env);
  switch (command) {
    case 'serve': {
      // A worker of `serve --workers N` runs this file again: its primary has migrated and seeded already.
      if (cluster.isWorker) return serveInOneProcess(config, { demo: false, banner: false });
      const demo = values.demo || config.seedDemo;
      const workers = workerCount(config, values.workers);
      return workers === 1
        ? serveInOneProcess(config, { demo, banner: true })
        : serveWithWorkers(config, { demo, workers });
    }
    case 'migrate': {
      const db = openDatabase(config);
      const applied = await migrateToLatest(db);
      await db.destroy();
      console.log(applied.length ? `Applied ${applied.join(', ')}` : 'Database is up to date.');
      return 0;
    }
    case 'seed': {
      const billfold = await openBillfold(config);
      const { seeded } = await seedDemo(billfold.deps, billfold.auth);
      await billfold.close();
      console.log(seeded ? 'Seeded the demo workspace.' : 'The demo workspace already exists.');
      return 0;
    }
    case 'jobs':
      if (positionals[1] !== 'run') break;
      return withBillfold(config, async (billfold) => {
        const { renewed, retried } = await runDueRenewals(billfold.deps);
        const { settled } = await recoverPendingPayments(billfold.deps);
        const refunds = await recoverPendingRefunds(billfold.deps);
        const { walletsExpired, topUpsBought } = await runCreditUpkeep(billfold.deps);
        const published = await publishEvents(billfold.deps);
        const delivered = await deliverDueWebhooks(billfold.deps);
        await finishWebhookDeliveries(billfold.deps);
        await enqueueRenewalReminders(billfold.deps);
        const emailed = await sendDueEmails(billfold.deps, { limit: 1000 });
        console.log(
          `Renewed ${renewed}, retried ${retried} past-due, settled ${settled} pending payments, ` +
            `finished ${refunds.settled} pending refunds, ` +
            `expired credits in ${walletsExpired} workspaces, bought ${topUpsBought} auto top-ups, ` +
            `published ${published} events, made ${delivered} webhook delivery attempts, ` +
            `sent ${emailed} emails.`,
        );
        return 0;
      });
    case 'clock': {
      const workspace = positionals[2];
      const to = values.to ? new Date(values.to) : null;
      if (positionals[1] !== 'advance' || !workspace || !to || Number.isNaN(to.getTime())) break;
      return withBillfold(config, async (billfold) => {
        const found = await findWorkspace(billfold, workspace);
        if (!found) return 1;
        const advanced = await advanceTestClock(billfold.deps, { workspace: found, actor: systemActor }, to);
        for (const step of advanced.steps) {
          const result =
            step.kind === 'credit_expiry'
              ? `${step.outcome.expired} credits`
              : step.kind === 'trial_end_notice'
                ? 'trial_will_end'
                : 'payment' in step.outcome
                  ? step.outcome.payment.status
                  : 'ended';
          console.log(`${step.at.toISOString()}  ${step.kind.padEnd(13)} ${result}`);
        }
        console.log(`${found.name}'s test clock is at ${advanced.frozenTime.toISOString()}.`);
        return 0;
      });
    }
    case 'credits': {
      const workspace = positionals[2];
      const credits = Number(values.credits);
      if (positionals[1] !== 'adjust' || !workspace || !Number.isSafeInteger(credits) || !values.reason) break;
      const reason = values.reason;
      return withBillfold(config, async (billfold) => {
        const found = await findWorkspace(billfold, workspace);
        if (!found) return 1;
        const { balance } = await adjustCredits(billfold.deps, found.id, { credits, reason, actor: systemActor });
        console.log(`${found.name}: ${credits > 0 ? '+' : ''}${credits} credits (${reason}); balance ${balance}.`);
        return 0;
      });
    }
    case 'webhooks': {
      const run = runWebhooksCommand(positionals.slice(1), values);
      if (!run) break;
      return withBillfold(config, async (billfold) => {
        const found = await findWorkspace(billfold, run.workspace);
        return found ? run.against(billfold.deps, found) : 1;
      });
    }
    case 'coupons':
    case 'promotion-codes': {
      const run = runCouponsCommand(command, positionals.slice(1), values);
      if (!run) break;
      return withBillfold(config, (billfold) => run(billfold.deps));
    }
    case 'verify':
      return withBillfold(config, async (billfold) => {
        const { walletsChecked, mismatches } = await verifyCredits(billfold.deps.db);
        for (const { workspaceId, problems } of mismatches) {
          for (const problem of problems) console.log(`MISMATCH ${workspaceId}: ${problem}`);
        }
        console.log(`Checked the credits of ${walletsChecked} workspaces: ${mismatches.length} mismatched.`);
        const balances = await verifyCustomerBalances(billfold.deps.db);
        for (const { workspaceId, problems } of balances.mismatches) {
          for (const problem of problems) console.log(`MISMATCH ${workspaceId}: ${problem}`);
        }
        console.log(
          `Checked the customer balances of ${balances.balancesChecked} workspaces: ${balances.mismatches.length} mismatched.`,
        );
        return mismatches.length === 0 && balances.mismatches.length === 0 ? 0 : 1;
      });
  }
  switch (command) {
    case 'jobs':
    case 'clock':
    case 'credits':
    case 'webhooks':
    case 'coupons':
    case 'promotion-codes':
      process.stderr.write(`Incomplete command.\n\n${usage}`);
      return 1;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${usage}`);
      return 1;
  }
}

/** The workspace named on the command line, by the API's rule (`ws_…` an id, else a slug). */
async function findWorkspace(billfold: Billfold, ref: string): Promise<WorkspaceRef | undefined> {
  const found = await resolveWorkspace(billfold.deps, ref);
  if (!found) process.stderr.write(`No workspace "${ref}".\n`);
  return found;
}

async function withBillfold(config: Config, work: (billfold: Billfold) => Promise<number>): Promise<number> {
  const billfold = await openBillfold(config);
  try {
    return await work(billfold);
  } finally {
    await billfold.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof PlanCatalogError || error instanceof DataDirInUseError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof BillingError) {
      // A refused operation (e.g. removing more credits than there are): the reason, without a stack trace.
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    // Unexpected: the details, minus the values of a query that failed (they may be a customer's).
    console.error(serializeErrorWithoutQueryValues(error));
    process.exit(1);
  },
);
