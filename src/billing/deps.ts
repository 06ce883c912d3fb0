// The dependencies every use case is handed explicitly (no module-level singletons).

import type { InvoicingConfig } from '../config.ts';
import type { BillfoldDb } from '../db/connection.ts';
import type { AccessSettings } from '../domain/access/permissions.ts';
import type { Clock } from '../domain/clock.ts';
import type { CardAttemptLimit } from '../domain/payment-methods/card-attempt-limit.ts';
import type { PlanCatalog } from '../domain/plans/plan.ts';
import type { PaymentGateway } from '../gateways/payment-gateway.ts';
import type { EmailSettings } from './emails/email-settings.ts';
import type { EventSubscriber } from './events/event-subscriber.ts';
import type { InvoiceSettlements } from './payments/settle-invoice.ts';
import type { WebhookSettings } from './webhooks/webhook-settings.ts';

export interface BillingDeps {
  db: BillfoldDb;
  /** The time billing reads: the server's clock, or a workspace's test clock (see test-clocks/). */
  clock: Clock;
  /** Real time, even while `clock` is a workspace's test clock: payment grace periods, invite expiry. */
  wallClock: Clock;
  catalog: PlanCatalog;
  access: AccessSettings;
  inviteTtlDays: number;
  /** Public origin of this server, for links shown to users (invite links, billing page). */
  baseUrl: string;
  /** The card processor every charge goes through (the sandbox in test mode). */
  gateway: PaymentGateway;
  /** What a paid, declined or waiting invoice settles, by billing reason (src/billing/invoice-settlements.ts). */
  settlements: InvoiceSettlements;
  invoicing: InvoicingConfig;
  /** Days after a failed renewal on which it is retried (BILLFOLD_DUNNING_RETRY_DAYS). */
  dunningRetryDays: readonly number[];
  /** Days purchased credits last (BILLFOLD_CREDIT_PURCHASE_EXPIRY_DAYS); null: they never expire. */
  creditPurchaseExpiryDays: number | null;
  /** Declined card attempts allowed per workspace and client address (BILLFOLD_CARD_ATTEMPT_LIMIT). */
  cardAttemptLimit: CardAttemptLimit;
  /** What reacts to a published event: webhook deliveries, emails (src/billing/event-subscribers.ts). */
  eventSubscribers: readonly EventSubscriber[];
  webhooks: WebhookSettings;
  email: EmailSettings;
}
