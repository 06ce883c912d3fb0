// Benchmark: webhooks on Postgres, through the server's own loops (publish the outbox, deliver what is due).
// 1. Drain: 50,000 events written at once, delivered to a local receiver that answers in 5 ms: deliveries/s and
//    memory while draining. 2. Latency: events committed one by one at a steady rate while the loops idle:
//    commit → first attempt. 3. Outage: the receiver is down for the first minute; after it is back (the bench
//    brings the retry schedule's next step forward instead of waiting it out) every event
//    arrives, and none twice. Every delivery's webhook-id is counted; a sample is verified with standardwebhooks.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:webhooks
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { Webhook } from 'standardwebhooks';
import { outboxRowOf } from '../src/billing/events/outbox.queries.ts';
import { createWebhookEndpoint } from '../src/billing/webhooks/create-endpoint.ts';
import { systemActor } from '../src/domain/access/actor.ts';
import { startPeriodicJobs } from '../src/jobs/periodic-jobs.ts';
import { createLogger } from '../src/server.ts';
import { createWorkspaces, startBenchServer } from './support/bench-server.ts';

const drainEvents = 50_000;
const latencyEvents = 1_000;
const latencyRatePerSecond = 100;
const outageEvents = 2_000;
const outageMs = 60_000;
const receiverDelayMs = 5;
const limits = { deliveriesPerSecond: 1000, firstAttemptP95Ms: 2000, memoryGrowthMb: 32 };

const server = await startBenchServer({ BILLFOLD_WEBHOOKS_ALLOW_PRIVATE: 'true' });
const [drainSlug, latencySlug, outageSlug] = await createWorkspaces(server, 3);
const idOf = async (slug: string | undefined) =>
  (
    await server.db
      .selectFrom('organization')
      .select('id')
      .where('slug', '=', slug ?? '')
      .executeTakeFirstOrThrow()
  ).id;
const workspaceIds = { drain: await idOf(drainSlug), latency: await idOf(latencySlug), outage: await idOf(outageSlug) };

const deps = server.deps;

interface Receiver {
  url: string;
  secret: string;
  received: Map<string, number>;
  /** First arrival of each webhook-id, in ms since the epoch. */
  arrivedAt: Map<string, number>;
  verified: number;
  server: Server;
}

async function startReceiver(port = 0): Promise<Receiver> {
  const receiver = { received: new Map(), arrivedAt: new Map(), verified: 0 } as unknown as Receiver;
  let verifier: Webhook | undefined;
  receiver.server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const id = String(request.headers['webhook-id']);
      const count = receiver.received.get(id) ?? 0;
      receiver.received.set(id, count + 1);
      if (count === 0) receiver.arrivedAt.set(id, Date.now());
      // Verifying every body would make the receiver, not Billfold, the bottleneck on two cores.
      if (receiver.received.size % 100 === 1) {
        verifier ??= new Webhook(receiver.secret);
        verifier.verify(Buffer.concat(chunks).toString('utf8'), request.headers as Record<string, string>);
        receiver.verified += 1;
      }
      setTimeout(() => response.writeHead(200).end('ok'), receiverDelayMs);
    });
  });
  receiver.server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => receiver.server.listen(port, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hooks`;
  return receiver;
}

async function endpointFor(workspaceId: string, url: string): Promise<string> {
  const endpoint = await createWebhookEndpoint(deps, { workspace: { id: workspaceId }, actor: systemActor }, { url });
  return endpoint.secret;
}

/** Writes `count` events of the workspace, 1,000 to a statement, as if that many changes had committed. */
async function writeEvents(workspaceId: string, count: number): Promise<void> {
  for (let start = 0; start < count; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - start) }, (_, i) =>
      outboxRowOf(
        { workspaceId, type: 'credits.consumed', data: { object: { credits: start + i + 1, debits: 1 } } },
        new Date(),
      ),
    );
    await server.db.insertInto('outbox_event').values(rows).execute();
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

const duplicatesOf = (r: Receiver) => [...r.received.values()].filter((n) => n > 1).length;
const gc = (globalThis as { gc?: () => void }).gc;
/** Heap in use after a collection (the script runs with --expose-gc), so garbage not yet collected is not growth. */
const heapMb = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER LIMIT');
const results: boolean[] = [];
function report(label: string, figure: string, limit: string, ok: boolean) {
  results.push(ok);
  console.log(`${label.padEnd(44)} ${figure.padStart(14)}   limit ${limit.padEnd(12)} ${verdict(ok)}`);
}

console.log(
  `webhooks bench: Postgres, ${availableParallelism()} cores, load ${loadavg()[0]?.toFixed(2)}, receiver answers in ${receiverDelayMs} ms`,
);

// 1. Drain.
const drainReceiver = await startReceiver();
drainReceiver.secret = await endpointFor(workspaceIds.drain, drainReceiver.url);
await writeEvents(workspaceIds.drain, drainEvents);
const heapSamples: { delivered: number; heap: number }[] = [];
const sampler = setInterval(() => heapSamples.push({ delivered: drainReceiver.received.size, heap: heapMb() }), 1000);
const drainStarted = performance.now();
const stopJobs = startPeriodicJobs(deps, createLogger('error'));
const drained = await until(() => drainReceiver.received.size >= drainEvents, 10 * 60_000);
const drainSeconds = (performance.now() - drainStarted) / 1000;
clearInterval(sampler);
const settled = heapSamples.filter((s) => s.delivered >= drainEvents * 0.2);
const growth = settled.length ? Math.max(...settled.map((s) => s.heap)) - (settled[0]?.heap ?? 0) : Number.NaN;
report(
  `drain ${drainEvents.toLocaleString('en')} events: deliveries/s`,
  (drainReceiver.received.size / drainSeconds).toFixed(0),
  `≥ ${limits.deliveriesPerSecond}`,
  drained && drainReceiver.received.size / drainSeconds >= limits.deliveriesPerSecond,
);
report(
  gc ? 'drain: heap growth after the first 20 %' : 'drain: heap growth (run with --expose-gc!)',
  `${growth.toFixed(1)} MB`,
  `≤ ${limits.memoryGrowthMb} MB`,
  growth <= limits.memoryGrowthMb,
);
report('drain: events delivered twice', String(duplicatesOf(drainReceiver)), '0', duplicatesOf(drainReceiver) === 0);

// 2. Latency: commit → first attempt, at a steady rate.
const latencyReceiver = await startReceiver();
latencyReceiver.secret = await endpointFor(workspaceIds.latency, latencyReceiver.url);
const committedAt = new Map<string, number>();
for (let i = 0; i < latencyEvents; i++) {
  const row = outboxRowOf(
    { workspaceId: workspaceIds.latency, type: 'credits.consumed', data: { object: { credits: i, debits: 1 } } },
    new Date(),
  );
  await server.db.insertInto('outbox_event').values(row).execute();
  committedAt.set(row.id, Date.now());
  await new Promise((resolve) => setTimeout(resolve, 1000 / latencyRatePerSecond));
}
await until(() => latencyReceiver.received.size >= latencyEvents, 60_000);
const waits = [...committedAt].map(([id, at]) => (latencyReceiver.arrivedAt.get(id) ?? Number.POSITIVE_INFINITY) - at);
waits.sort((a, b) => a - b);
const p = (q: number) => waits[Math.min(waits.length - 1, Math.floor(q * waits.length))] ?? Number.NaN;
report(
  `commit → first attempt p50 / p95 (${latencyRatePerSecond}/s)`,
  `${p(0.5).toFixed(0)} / ${p(0.95).toFixed(0)} ms`,
  `p95 ≤ ${limits.firstAttemptP95Ms} ms`,
  p(0.95) <= limits.firstAttemptP95Ms,
);

// 3. Outage: the receiver's port answers nothing for the first minute.
const placeholder = await startReceiver();
const outagePort = (placeholder.server.address() as AddressInfo).port;
await new Promise((resolve) => placeholder.server.close(resolve));
const outageSecret = await endpointFor(workspaceIds.outage, `http://127.0.0.1:${outagePort}/hooks`);
await writeEvents(workspaceIds.outage, outageEvents);
await new Promise((resolve) => setTimeout(resolve, outageMs));
const attemptsWhileDown = await server.db
  .selectFrom('webhook_delivery')
  .select((eb) => eb.fn.sum<number>('attempts').as('attempts'))
  .where('workspace_id', '=', workspaceIds.outage)
  .executeTakeFirstOrThrow();
const outageReceiver = await startReceiver(outagePort);
outageReceiver.secret = outageSecret;
// After a minute of failures the next retry is minutes away on the schedule: bring it forward instead of waiting.
await server.db
  .updateTable('webhook_delivery')
  .set({ next_attempt_at: new Date() })
  .where('workspace_id', '=', workspaceIds.outage)
  .where('status', '=', 'pending')
  .execute();
const recovered = await until(() => outageReceiver.received.size >= outageEvents, 5 * 60_000);
await new Promise((resolve) => setTimeout(resolve, 2000));
report(
  `outage: delivered after it came back (${Number(attemptsWhileDown.attempts)} failed attempts)`,
  `${outageReceiver.received.size} / ${outageEvents}`,
  'all',
  recovered && outageReceiver.received.size === outageEvents,
);
report('outage: events delivered twice', String(duplicatesOf(outageReceiver)), '0', duplicatesOf(outageReceiver) === 0);
console.log(
  `signatures verified with standardwebhooks: ${drainReceiver.verified + latencyReceiver.verified + outageReceiver.verified}`,
);

stopJobs();
for (const r of [drainReceiver, latencyReceiver, outageReceiver]) r.server.close();
await new Promise((resolve) => setTimeout(resolve, 500));
await server.stop();
process.exit(results.every(Boolean) ? 0 : 1);
