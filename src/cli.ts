// The billfold command: serve | migrate | seed | jobs run | clock advance.
import { parseArgs } from 'node:util';
import { systemActor } from './billing/access/actor.ts';
import { PlanCatalogError } from './billing/plans/catalog.ts';
import { advanceTestClock } from './billing/test-clocks/test-clock.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/connection.ts';
import { DataDirInUseError } from './db/data-dir-lock.ts';
import { migrateToLatest } from './db/migrate.ts';
import { startPeriodicJobs } from './jobs/periodic-jobs.ts';
import { recoverPendingPayments } from './jobs/recover-pending-payments.ts';
import { runDueRenewals } from './jobs/run-due-renewals.ts';
import { demoPassword, demoUsers, seedDemo } from './seed/demo-workspace.ts';
import { type Billfold, openBillfold } from './server.ts';

const usage = `Usage: billfold <command>

  serve [--demo]   start the server (--demo, or BILLFOLD_SEED_DEMO=true, seeds the demo workspace)
  migrate          apply pending database migrations
  seed             seed the demo workspace
  jobs run         run the periodic jobs once: renewals, dunning retries, pending payments
  clock advance <workspace> --to <ISO time>
                   move a workspace's test clock forward, running what falls due on the way
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean', default: false },
      to: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(usage);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config, values.demo || config.seedDemo);
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
        console.log(`Renewed ${renewed}, retried ${retried} past-due, settled ${settled} pending payments.`);
        return 0;
      });
    case 'clock': {
      const workspace = positionals[2];
      const to = values.to ? new Date(values.to) : null;
      if (positionals[1] !== 'advance' || !workspace || !to || Number.isNaN(to.getTime())) break;
      return withBillfold(config, async (billfold) => {
        const found = await billfold.deps.db
          .selectFrom('organization')
          .select(['id', 'name'])
          .where((eb) => eb.or([eb('id', '=', workspace), eb('slug', '=', workspace)]))
          .executeTakeFirst();
        if (!found) {
          process.stderr.write(`No workspace "${workspace}".\n`);
          return 1;
        }
        const advanced = await advanceTestClock(billfold.deps, { workspace: found, actor: systemActor }, to);
        for (const step of advanced.steps) {
          const result = 'payment' in step.outcome ? step.outcome.payment.status : 'ended';
          console.log(`${step.at.toISOString()}  ${step.kind.padEnd(13)} ${result}`);
        }
        console.log(`${found.name}'s test clock is at ${advanced.frozenTime.toISOString()}.`);
        return 0;
      });
    }
  }
  switch (command) {
    case 'jobs':
    case 'clock':
      process.stderr.write(`Incomplete command.\n\n${usage}`);
      return 1;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${usage}`);
      return 1;
  }
}

async function withBillfold(config: Config, work: (billfold: Billfold) => Promise<number>): Promise<number> {
  const billfold = await openBillfold(config);
  try {
    return await work(billfold);
  } finally {
    await billfold.close();
  }
}

async function serve(config: Config, demo: boolean): Promise<number> {
  const billfold = await openBillfold(config);
  if (demo) await seedDemo(billfold.deps, billfold.auth);
  await billfold.app.listen({ port: config.port, host: config.host });
  const stopJobs = startPeriodicJobs(billfold.deps, billfold.app.log);

  const address = billfold.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.baseUrl.replace(/:\d+$/, `:${port}`);
  const database = config.databaseUrl
    ? `Postgres (${new URL(config.databaseUrl).host})`
    : `embedded PGlite in ${config.dataDir}`;
  const lines = [
    '',
    `  Billfold is running: open ${url}`,
    `  Database:      ${database}`,
    `  API reference: ${url}/docs`,
  ];
  if (demo) {
    lines.push(`  Demo sign-ins (password "${demoPassword}"):`);
    for (const user of demoUsers) lines.push(`    ${user.email.padEnd(28)} ${user.role}`);
    lines.push(`  Plan & Billing: ${url}/w/acme/billing`);
  }
  console.log(`${lines.join('\n')}\n`);

  // Graceful shutdown: stop accepting, let in-flight requests finish, then close the database.
  const shutdown = async (signal: string) => {
    billfold.app.log.info({ signal }, 'shutting down');
    stopJobs();
    await billfold.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return new Promise(() => {});
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof PlanCatalogError || error instanceof DataDirInUseError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
