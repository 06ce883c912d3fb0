// For the webhook delivery tests: a Billfold that may send to 127.0.0.1, local receivers (node:http) that keep
// every request and answer as the test says, an endpoint written straight into the database with a sealed
// secret, and the delivery log.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { newId } from '../../../src/domain/ids.ts';
import type { Billfold } from '../../../src/server.ts';
import { freePort } from '../../support/free-port.ts';
import { type SignedInUser, signUp, startTestBillfold, type TestBillfold } from '../../support/test-billfold.ts';

export interface ReceivedWebhook {
  /** The path and query it was sent to. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The app's clock when it came in (webhook timestamps are checked against it). */
  receivedAtMs: number;
  /** Real time when it came in. */
  receivedAtRealMs: number;
}

/** What the receiver answers to its n-th request (from 1): a status (and body), or 'hang' to never answer. */
export type Answer = (n: number, request: ReceivedWebhook) => number | { status: number; body: string } | 'hang';

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

export async function startReceiver(billfold: TestBillfold, answer: Answer = () => 200): Promise<Receiver> {
  const port = await freePort();
  const received: ReceivedWebhook[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: ReceivedWebhook = {
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAtMs: billfold.clock.now().epochMilliseconds,
        receivedAtRealMs: Date.now(),
      };
      received.push(request);
      const answered = answer(received.length, request);
      if (answered === 'hang') {
        hanging.push(res);
        return;
      }
      const { status, body } =
        typeof answered === 'number' ? { status: answered, body: answered < 300 ? 'ok' : `no: ${answered}` } : answered;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A Billfold that may send webhooks to 127.0.0.1, where the receivers listen, and a signed-up workspace owner. */
export async function startDeliveryBillfold(): Promise<{ billfold: TestBillfold; owner: SignedInUser }> {
  const billfold = await startTestBillfold({ BILLFOLD_WEBHOOKS_ALLOW_PRIVATE: 'true' });
  return { billfold, owner: await signUp(billfold, 'owner') };
}

/** The receivers a test file starts, closed together once its tests are done. */
export function receiverPool() {
  const started: Receiver[] = [];
  return {
    async start(billfold: TestBillfold, answer?: Answer): Promise<Receiver> {
      const receiver = await startReceiver(billfold, answer);
      started.push(receiver);
      return receiver;
    },
    async closeAll(): Promise<void> {
      for (const receiver of started) await receiver.close();
    },
  };
}

export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Verifies a received webhook with the official standardwebhooks package, as of the time it came in. */
export function verified(secret: string, request: ReceivedWebhook): unknown {
  const realNow = Date.now;
  // The package checks webhook-timestamp against Date.now(); the app's clock is a test clock.
  Date.now = () => request.receivedAtMs;
  try {
    return new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
  } finally {
    Date.now = realNow;
  }
}

export interface TestEndpoint {
  id: string;
  secret: string;
}

/** An endpoint of the workspace, inserted directly (the endpoints API is tested on its own). */
export async function insertEndpoint(
  billfold: Billfold,
  workspaceId: string,
  url: string,
  options: {
    eventTypes?: string[];
    enabled?: boolean;
    deleted?: boolean;
    previousSecret?: string;
    previousSecretExpiresAt?: Date;
  } = {},
): Promise<TestEndpoint> {
  const secret = newSecret();
  const id = newId('we');
  const now = new Date(billfold.deps.wallClock.now().epochMilliseconds);
  await billfold.deps.db
    .insertInto('webhook_endpoint')
    .values({
      id,
      workspace_id: workspaceId,
      url,
      event_types: options.eventTypes ?? [],
      enabled: options.enabled ?? true,
      secret_sealed: billfold.deps.webhooks.secrets.seal(secret),
      previous_secret_sealed: options.previousSecret
        ? billfold.deps.webhooks.secrets.seal(options.previousSecret)
        : null,
      previous_secret_expires_at: options.previousSecretExpiresAt ?? null,
      failing_since: null,
      created_at: now,
      updated_at: now,
      deleted_at: options.deleted ? now : null,
    })
    .execute();
  return { id, secret };
}

export function deliveriesOf(billfold: Billfold, endpointId: string) {
  return billfold.deps.db
    .selectFrom('webhook_delivery')
    .innerJoin('outbox_event', 'outbox_event.id', 'webhook_delivery.event_id')
    .selectAll('webhook_delivery')
    .select(['outbox_event.type as event_type', 'outbox_event.sequence as event_sequence'])
    .where('endpoint_id', '=', endpointId)
    .orderBy('outbox_event.sequence')
    .execute();
}
