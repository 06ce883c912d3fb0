// Wires a running Billfold: database (migrated), auth, plan catalog and the HTTP app.
import pino from 'pino';
import { createAuth } from './auth/auth.ts';
import type { BillingDeps } from './billing/deps.ts';
import { eventSubscribers } from './billing/event-subscribers.ts';
import { invoiceSettlements } from './billing/invoice-settlements.ts';
import { loadPlanCatalog } from './billing/plans/catalog.ts';
import { secretBoxFor } from './billing/webhooks/secret-box.ts';
import type { Config } from './config.ts';
import { type BillfoldDb, openDatabase } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { serializeErrorWithoutQueryValues } from './db/query-error-log.ts';
import { type Clock, systemClock } from './domain/clock.ts';
import { chargeRateLimited } from './gateways/charge-rate-limit.ts';
import type { PaymentGateway } from './gateways/payment-gateway.ts';
import { sandboxGateway } from './gateways/sandbox/sandbox-gateway.ts';
import { buildApp, trustedOriginsFor } from './http/app.ts';

export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      serializers: { err: serializeErrorWithoutQueryValues },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export interface Billfold {
  app: Awaited<ReturnType<typeof buildApp>>;
  deps: BillingDeps;
  auth: ReturnType<typeof createAuth>;
}

/** Assembles Billfold on an open, caller-owned database; the caller decides whether to listen. */
export async function assembleBillfold(
  config: Config,
  db: BillfoldDb,
  clock: Clock = systemClock,
  options: {
    gateway?: (sandbox: PaymentGateway) => PaymentGateway;
    /** Where logs go (stdout by default); tests read them to check what is never logged. */
    logDestination?: pino.DestinationStream;
  } = {},
): Promise<Billfold> {
  const logger = createLogger(config.logLevel, options.logDestination);
  await migrateToLatest(db);
  const trustedOrigins = trustedOriginsFor(config.baseUrl);
  const auth = createAuth({
    db,
    secret: config.secret,
    baseUrl: config.baseUrl,
    trustedOrigins,
    rateLimit: config.authRateLimit,
  });
  const deps: BillingDeps = {
    db,
    clock,
    wallClock: clock,
    catalog: loadPlanCatalog(config.planCatalogPath ?? undefined),
    access: { billingVisibleToMembers: config.billingVisibleToMembers },
    inviteTtlDays: config.inviteTtlDays,
    baseUrl: config.baseUrl,
    gateway: gatewayOf(
      config,
      options.gateway ?? ((sandbox) => sandbox),
      sandboxGateway({ db, clock, baseUrl: config.baseUrl }),
    ),
    settlements: invoiceSettlements,
    invoicing: config.invoicing,
    dunningRetryDays: config.dunningRetryDays,
    creditPurchaseExpiryDays: config.creditPurchaseExpiryDays,
    cardAttemptLimit: config.cardAttemptLimit,
    eventSubscribers,
    webhooks: { allowPrivateAddresses: config.webhooksAllowPrivateAddresses, secrets: secretBoxFor(config.secret) },
    email: config.email,
  };
  const app = await buildApp({
    deps,
    auth,
    trustedOrigins,
    logger,
    secret: config.secret,
    idempotencyAbandonedAfterSeconds: config.idempotencyAbandonedAfterSeconds,
    operatorKey: config.operatorKey,
  });
  return { app, deps, auth };
}

/**
 * The card processor Billfold charges through: the sandbox, kept to the configured charge rate. Tests may wrap the
 * sandbox (to simulate a crash around a charge); production uses it as is.
 */
function gatewayOf(
  config: Config,
  wrap: (sandbox: PaymentGateway) => PaymentGateway,
  sandbox: PaymentGateway,
): PaymentGateway {
  const gateway = wrap(sandbox);
  return config.gatewayChargesPerSecond ? chargeRateLimited(gateway, config.gatewayChargesPerSecond) : gateway;
}

/** Opens the configured database and assembles Billfold on it; close() releases both. */
export async function openBillfold(config: Config): Promise<Billfold & { close(): Promise<void> }> {
  const db = openDatabase(config);
  const billfold = await assembleBillfold(config, db);
  return {
    ...billfold,
    async close() {
      await billfold.app.close();
      await db.destroy();
    },
  };
}
