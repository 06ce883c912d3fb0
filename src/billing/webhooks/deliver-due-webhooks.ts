// The delivery run: claims due webhook deliveries under a lease (one short statement), sends them outside any
// transaction with bounded concurrency overall and per endpoint, and writes the batch's outcomes in one
// transaction — retries on the schedule, the endpoint marked failing (and its managers emailed) when a
// delivery runs out of attempts. A process that dies mid-run leaves leases that run out: the deliveries are
// sent again (same webhook-id), never lost.
import { inTransaction } from '../../db/transaction.ts';
import { toDate } from '../../domain/clock.ts';
import { BillingError } from '../../domain/errors.ts';
import { nextWebhookRetryDelayMs } from '../../domain/webhooks/retry-schedule.ts';
import { webhookSignature } from '../../domain/webhooks/webhook-signature.ts';
import type { BillingDeps } from '../deps.ts';
import { enqueueEndpointFailingEmail } from '../emails/endpoint-failing-email.ts';
import { eventPayloadOf } from '../events/event-payload.ts';
import { type CheckedEndpointUrl, checkedEndpointUrl, type HostResolver, systemResolver } from './endpoint-address.ts';
import {
  type AttemptOutcome,
  type ClaimedDelivery,
  claimDueDeliveries,
  clearEndpointsFailing,
  closeDeliveriesOfDeletedEndpoints,
  markEndpointsFailing,
  recordAttempts,
  releaseDeliveries,
} from './webhook-deliveries.queries.ts';
import { type SendResult, type WebhookSender, webhookSender } from './webhook-sender.ts';

export interface DeliveryRunOptions {
  /** Deliveries claimed per run (500). */
  batchSize?: number;
  /** Requests in flight at once in this process (128). */
  concurrency?: number;
  /** Requests in flight at once to one endpoint (32): a quarter of the process's, so one slow receiver leaves room. */
  perEndpointConcurrency?: number;
  /** How long a receiver has to answer (10 s). */
  timeoutMs?: number;
  /** How long a claim holds a delivery against other runs (60 s, well past the timeout). */
  leaseMs?: number;
  /**
   * How long a run waits for slow receivers (1 s) before it returns, leaving their requests running (recorded
   * when they end) and giving back the deliveries it had not started yet, so one slow endpoint does not hold
   * up the next run for the others.
   */
  patienceMs?: number;
  resolve?: HostResolver;
  /** In [0, 1): the retry schedule's jitter. */
  random?: () => number;
  /** Stops the run as if the process died: nothing more is sent and nothing of this run is recorded. */
  signal?: AbortSignal;
}

const defaults = {
  batchSize: 500,
  concurrency: 128,
  perEndpointConcurrency: 32,
  timeoutMs: 10_000,
  leaseMs: 60_000,
  patienceMs: 1_000,
  resolve: systemResolver,
  random: Math.random,
} satisfies DeliveryRunOptions;

/**
 * What a process keeps between runs for one database: the kept-alive connections, the requests still in
 * flight per endpoint (an endpoint with one in flight is not claimed for until it answers or times out), and
 * the outcomes of those late requests waiting to be written.
 */
interface DeliveryProcess {
  sender: WebhookSender;
  inFlight: Map<string, number>;
  total: number;
  running: Set<Promise<void>>;
  late: { deps: BillingDeps; outcome: AttemptOutcome }[];
  writingLate: Promise<void>;
  lateError: unknown;
}

const processes = new WeakMap<BillingDeps['db'], DeliveryProcess>();

function deliveryProcessOf(db: BillingDeps['db']): DeliveryProcess {
  let found = processes.get(db);
  if (!found) {
    found = {
      sender: webhookSender(),
      inFlight: new Map(),
      total: 0,
      running: new Set(),
      late: [],
      writingLate: Promise.resolve(),
      lateError: undefined,
    };
    processes.set(db, found);
  }
  return found;
}

/** Sends the due deliveries of one batch; answers how many attempts it made (or left running). */
export async function deliverDueWebhooks(deps: BillingDeps, options: DeliveryRunOptions = {}): Promise<number> {
  const o = { ...defaults, ...options };
  const proc = deliveryProcessOf(deps.db);
  if (proc.lateError !== undefined) {
    const error = proc.lateError;
    proc.lateError = undefined;
    throw error;
  }
  if (proc.total >= o.concurrency) return 0;
  const now = toDate(deps.wallClock.now());
  const leasedUntil = new Date(now.getTime() + o.leaseMs);
  const claimed = await claimDueDeliveries(deps.db, {
    now,
    leasedUntil,
    limit: o.batchSize,
    busyEndpointIds: [...proc.inFlight.keys()],
  });
  o.signal?.throwIfAborted();
  if (claimed.length === 0) return 0;

  const ofDeletedEndpoints = claimed.filter((d) => d.endpoint.deleted).map((d) => d.id);
  // Per endpoint, in due order (the first attempts in publication order).
  const queues = new Map<string, ClaimedDelivery[]>();
  for (const delivery of claimed) {
    if (delivery.endpoint.deleted) continue;
    const queue = queues.get(delivery.endpoint.id);
    if (queue) queue.push(delivery);
    else queues.set(delivery.endpoint.id, [delivery]);
  }
  const run = {
    open: true,
    started: 0,
    unfinished: 0,
    outcomes: [] as AttemptOutcome[],
    addressChecks: new Map<string, Promise<CheckedEndpointUrl | BillingError>>(),
  };

  let wake = () => {};
  const finished = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const pump = () => {
    if (!run.open || o.signal?.aborted) return;
    for (const [endpointId, queue] of queues) {
      while (
        queue.length > 0 &&
        proc.total < o.concurrency &&
        (proc.inFlight.get(endpointId) ?? 0) < o.perEndpointConcurrency
      ) {
        start(queue.shift() as ClaimedDelivery);
      }
      if (queue.length === 0) queues.delete(endpointId);
    }
    if (queues.size === 0 && run.unfinished === 0) wake();
  };
  const start = (delivery: ClaimedDelivery) => {
    run.started += 1;
    run.unfinished += 1;
    proc.total += 1;
    proc.inFlight.set(delivery.endpoint.id, (proc.inFlight.get(delivery.endpoint.id) ?? 0) + 1);
    const attempt = attemptDelivery(deps, proc, run.addressChecks, delivery, leasedUntil, o).then((outcome) => {
      proc.total -= 1;
      const left = (proc.inFlight.get(delivery.endpoint.id) ?? 1) - 1;
      if (left > 0) proc.inFlight.set(delivery.endpoint.id, left);
      else proc.inFlight.delete(delivery.endpoint.id);
      proc.running.delete(attempt);
      run.unfinished -= 1;
      if (outcome === null) return;
      if (run.open) run.outcomes.push(outcome);
      else writeLate(proc, deps, outcome);
      pump();
    });
    proc.running.add(attempt);
  };

  const patience = setTimeout(wake, o.patienceMs);
  o.signal?.addEventListener('abort', wake, { once: true });
  pump();
  await finished;
  clearTimeout(patience);
  o.signal?.removeEventListener('abort', wake);
  run.open = false;
  o.signal?.throwIfAborted();

  const notStarted = [...queues.values()].flat().map((d) => d.id);
  await releaseDeliveries(deps.db, notStarted, leasedUntil);
  await writeOutcomes(deps, run.outcomes, { ofDeletedEndpoints, leasedUntil });
  return run.started;
}

/**
 * Waits for the requests left running by earlier runs and writes their outcomes (a test, or a process about
 * to stop, that wants every attempt it made in the log).
 */
export async function finishWebhookDeliveries(deps: BillingDeps): Promise<void> {
  const proc = processes.get(deps.db);
  if (!proc) return;
  while (proc.running.size > 0) await Promise.all([...proc.running]);
  await proc.writingLate;
  if (proc.lateError !== undefined) {
    const error = proc.lateError;
    proc.lateError = undefined;
    throw error;
  }
}

/** One attempt: the address checked again, the request signed and sent; null when the run was stopped. */
async function attemptDelivery(
  deps: BillingDeps,
  proc: DeliveryProcess,
  addressChecks: Map<string, Promise<CheckedEndpointUrl | BillingError>>,
  delivery: ClaimedDelivery,
  leasedUntil: Date,
  o: typeof defaults & DeliveryRunOptions,
): Promise<AttemptOutcome | null> {
  // DNS can change after the endpoint was saved: checked again, once per endpoint and run.
  let check = addressChecks.get(delivery.endpoint.id);
  if (!check) {
    check = checkedEndpointUrl(delivery.endpoint.url, deps.webhooks, o.resolve).catch((error: unknown) => {
      if (error instanceof BillingError) return error;
      throw error;
    });
    addressChecks.set(delivery.endpoint.id, check);
  }
  const attemptedAt = toDate(deps.wallClock.now());
  let result: SendResult;
  try {
    const checked = await check;
    if (checked instanceof BillingError) {
      result = {
        responseStatus: null,
        responseBody: null,
        error: `Not sent: ${checked.message}`,
        durationMs: 0,
        aborted: false,
      };
    } else {
      const body = JSON.stringify(eventPayloadOf(delivery.event));
      const timestamp = Math.floor(attemptedAt.getTime() / 1000);
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'Billfold-Webhooks/1',
        // The event's id: a retry or a replay of the event carries the same one, for the receiver to deduplicate.
        'webhook-id': delivery.event.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': webhookSignature(signingSecrets(deps, delivery, attemptedAt), {
          id: delivery.event.id,
          timestamp,
          body,
        }),
      };
      result = await proc.sender.send(
        { url: checked.url, addresses: checked.addresses, headers, body },
        { timeoutMs: o.timeoutMs, signal: o.signal },
      );
    }
  } catch (error) {
    // A secret that cannot be opened (another deployment secret) or a resolver that broke: logged, retried.
    const message = error instanceof Error ? error.message : String(error);
    result = { responseStatus: null, responseBody: null, error: `Not sent: ${message}`, durationMs: 0, aborted: false };
  }
  if (result.aborted) return null;
  return outcomeOf(delivery, attemptedAt, result, leasedUntil, o.random);
}

/** The current secret, and the one it replaced while that one is still valid. */
function signingSecrets(deps: BillingDeps, delivery: ClaimedDelivery, at: Date): string[] {
  const { secretSealed, previousSecretSealed, previousSecretExpiresAt } = delivery.endpoint;
  const secrets = [deps.webhooks.secrets.open(secretSealed)];
  if (previousSecretSealed && previousSecretExpiresAt && previousSecretExpiresAt > at) {
    secrets.push(deps.webhooks.secrets.open(previousSecretSealed));
  }
  return secrets;
}

/**
 * Succeeded on a 2xx answer. Anything else — 5xx, 429, a timeout, a refused or reset connection, an address
 * the SSRF guard refuses, and 3xx and other 4xx too (a receiver that is misconfigured is often fixed within
 * the day) — is tried again on the schedule, and the delivery has failed once the schedule is used up.
 */
function outcomeOf(
  delivery: ClaimedDelivery,
  attemptedAt: Date,
  result: SendResult,
  leasedUntil: Date,
  random: () => number,
): AttemptOutcome {
  const ok =
    result.error === null &&
    result.responseStatus !== null &&
    result.responseStatus >= 200 &&
    result.responseStatus < 300;
  const base = {
    deliveryId: delivery.id,
    attemptedAt,
    leasedUntil,
    responseStatus: result.responseStatus,
    responseBody: result.responseBody,
    error: result.error,
    durationMs: result.durationMs,
  };
  if (ok) return { ...base, status: 'succeeded', nextAttemptAt: null };
  const delay = nextWebhookRetryDelayMs(delivery.attempts + 1, random());
  if (delay === null) return { ...base, status: 'failed', nextAttemptAt: null };
  return { ...base, status: 'pending', nextAttemptAt: new Date(attemptedAt.getTime() + delay) };
}

/** The outcomes of requests that ended after their run returned, written together as they come in. */
function writeLate(proc: DeliveryProcess, deps: BillingDeps, outcome: AttemptOutcome) {
  proc.late.push({ deps, outcome });
  proc.writingLate = proc.writingLate.then(async () => {
    const batch = proc.late.splice(0);
    const first = batch[0];
    if (!first) return;
    try {
      await writeOutcomes(
        first.deps,
        batch.map((b) => b.outcome),
        { ofDeletedEndpoints: [], leasedUntil: first.outcome.leasedUntil },
      );
    } catch (error) {
      // The next run throws it (and the periodic job logs it); the leases run out and the deliveries are sent again.
      proc.lateError = error;
    }
  });
}

/**
 * One transaction per batch: the attempts, the deleted endpoints' deliveries closed, and the endpoints' failing
 * mark — cleared by a delivered event, set (once, with the email to the billing managers) when a delivery
 * failed for good.
 */
async function writeOutcomes(
  deps: BillingDeps,
  outcomes: readonly AttemptOutcome[],
  { ofDeletedEndpoints, leasedUntil }: { ofDeletedEndpoints: readonly string[]; leasedUntil: Date },
): Promise<void> {
  if (outcomes.length === 0 && ofDeletedEndpoints.length === 0) return;
  await inTransaction(deps.db, async (trx) => {
    const recorded = await recordAttempts(trx, outcomes);
    await closeDeliveriesOfDeletedEndpoints(trx, ofDeletedEndpoints, leasedUntil);
    const delivered = new Set(recorded.filter((r) => r.status === 'succeeded').map((r) => r.endpointId));
    const failed = new Set(
      recorded.filter((r) => r.status === 'failed' && !delivered.has(r.endpointId)).map((r) => r.endpointId),
    );
    await clearEndpointsFailing(trx, [...delivered]);
    const nowFailing = await markEndpointsFailing(trx, [...failed], toDate(deps.wallClock.now()));
    for (const endpoint of nowFailing) {
      await enqueueEndpointFailingEmail(trx, deps, {
        workspaceId: endpoint.workspaceId,
        endpointId: endpoint.id,
        url: endpoint.url,
        failingSince: endpoint.failingSince,
      });
    }
  });
}
