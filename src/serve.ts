// `billfold serve` in one process: opens Billfold (migrating its database), seeds the demo when asked, listens,
// runs the periodic jobs, and on SIGTERM or SIGINT finishes what is in flight before it exits. Each worker of
// `serve --workers N` is one of these (serve-workers.ts), without the demo seed and the banner.
import { mailboxUrl } from './billing/emails/mailbox.ts';
import { finishWebhookDeliveries } from './billing/webhooks/deliver-due-webhooks.ts';
import type { Config } from './config.ts';
import { startPeriodicJobs } from './jobs/periodic-jobs.ts';
import { demoPassword, demoUsers, seedDemo } from './seed/demo-workspace.ts';
import { openBillfold } from './server.ts';

export async function serveInOneProcess(config: Config, options: { demo: boolean; banner: boolean }): Promise<never> {
  const billfold = await openBillfold(config);
  if (options.demo) await seedDemo(billfold.deps, billfold.auth);
  await billfold.app.listen({ port: config.port, host: config.host });
  const stopJobs = startPeriodicJobs(billfold.deps, billfold.app.log);
  if (options.banner) {
    const address = billfold.app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(startupBanner(config, port, { demo: options.demo, workers: 1 }));
  }

  // Graceful shutdown: stop accepting, let in-flight requests finish, then close the database. Once only: Ctrl-C
  // in a terminal reaches a worker both from the terminal (SIGINT) and from its primary (SIGTERM).
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    billfold.app.log.info({ signal }, 'shutting down');
    stopJobs();
    // Webhook requests in flight are answered or time out (10 s) and logged, rather than sent again later.
    await finishWebhookDeliveries(billfold.deps);
    await billfold.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return new Promise<never>(() => {});
}

/** What `serve` prints once it answers: where to open Billfold, its database, API reference and emails. */
export function startupBanner(config: Config, port: number, options: { demo: boolean; workers: number }): string {
  const url = config.baseUrl.replace(/:\d+$/, `:${port}`);
  const database = config.databaseUrl
    ? `Postgres (${new URL(config.databaseUrl).host})`
    : `embedded PGlite in ${config.dataDir}`;
  const lines = [
    '',
    `  Billfold is running: open ${url}`,
    `  Database:      ${database}`,
    ...(options.workers > 1 ? [`  Workers:       ${options.workers} processes on port ${port}`] : []),
    `  API reference: ${url}/docs`,
    config.email.smtpUrl
      ? `  Emails:        sent through SMTP (${new URL(config.email.smtpUrl).host})`
      : `  Emails:        ${mailboxUrl(url, config.secret)}  (written to ${config.email.mailDir}, not sent)`,
  ];
  if (options.demo) {
    lines.push(`  Demo sign-ins (password "${demoPassword}"):`);
    for (const user of demoUsers) lines.push(`    ${user.email.padEnd(28)} ${user.role}`);
    lines.push(`  Plan & Billing: ${url}/w/acme/billing`);
    lines.push(`  Credits (Flex): ${url}/w/globex/billing`);
  }
  return `${lines.join('\n')}\n`;
}
