// Reads Billfold's configuration from the environment; a bad value stops start-up naming the variable.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import type { SellerDetails } from './billing/invoices/invoice-view.ts';
import { defaultRetryDays } from './domain/dunning/retry-schedule.ts';
import { invoicePrefixPattern } from './domain/invoices/invoice-number.ts';
import { parseTaxRates, type TaxRates } from './domain/invoices/tax-rates.ts';
import { type CardAttemptLimit, defaultCardAttemptLimit } from './domain/payment-methods/card-attempt-limit.ts';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  secret: string;
  baseUrl: string;
  billingVisibleToMembers: boolean;
  seedDemo: boolean;
  logLevel: string;
  inviteTtlDays: number;
  /** Limits sign-in and sign-up attempts per client IP (counters in the database). */
  authRateLimit: boolean;
  /** Declined card attempts allowed per window, per workspace and per client address (card testing). */
  cardAttemptLimit: CardAttemptLimit;
  invoicing: InvoicingConfig;
  /** Days after a failed renewal on which the open invoice is charged again; after the last, the plan ends. */
  dunningRetryDays: number[];
  /** The plan catalog file (config/plans.json unless BILLFOLD_PLAN_CATALOG names another). */
  planCatalogPath: string | null;
  /** Days purchased credits last; null: they never expire. */
  creditPurchaseExpiryDays: number | null;
  /** After this long without an answer, a keyed request that committed nothing counts as abandoned. */
  idempotencyAbandonedAfterSeconds: number;
  /** The card processor's limit on charges per second (a real processor's test mode allows ~25); null: none. */
  gatewayChargesPerSecond: number | null;
  /** Webhook endpoints may be on loopback or private addresses (tests, the demo) when true. */
  webhooksAllowPrivateAddresses: boolean;
  /** BILLFOLD_OPERATOR_KEY: the bearer token of the operator API (/v1/operator/…); null: that API answers 404. */
  operatorKey: string | null;
  email: EmailConfig;
}

export interface EmailConfig {
  /** SMTP server emails go through; null: each email is written as an .eml file under `mailDir`. */
  smtpUrl: string | null;
  from: string;
  mailDir: string;
}

export interface InvoicingConfig {
  numberPrefix: string;
  taxRates: TaxRates;
  seller: SellerDetails;
}

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const cardAttemptLimitMessage =
  'must be a whole number from 1 to 10000 (card-testing protection cannot be switched off)';

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  BILLFOLD_DATA_DIR: z.string().min(1).default('./data'),
  BILLFOLD_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  BILLFOLD_BASE_URL: z.url().optional(),
  BILLFOLD_BILLING_VISIBLE_TO_MEMBERS: booleanFlag.default(false),
  BILLFOLD_SEED_DEMO: booleanFlag.default(false),
  BILLFOLD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BILLFOLD_INVITE_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  BILLFOLD_AUTH_RATE_LIMIT: booleanFlag.default(true),
  // No value switches card-testing protection off: an operator who needs more attempts raises the limit.
  BILLFOLD_CARD_ATTEMPT_LIMIT: z.coerce
    .number({ error: cardAttemptLimitMessage })
    .int(cardAttemptLimitMessage)
    .min(1, cardAttemptLimitMessage)
    .max(10_000, cardAttemptLimitMessage)
    .default(defaultCardAttemptLimit.attempts),
  BILLFOLD_CARD_ATTEMPT_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1440)
    .default(defaultCardAttemptLimit.window.total('minutes')),
  BILLFOLD_INVOICE_PREFIX: z
    .string()
    .regex(invoicePrefixPattern, 'must be 1 to 12 upper-case letters or digits')
    .default('BF'),
  BILLFOLD_TAX_RATES: z
    .string()
    .default('')
    .transform((text, context) => {
      try {
        return parseTaxRates(text);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  BILLFOLD_PLAN_CATALOG: z.string().min(1).optional(),
  BILLFOLD_DUNNING_RETRY_DAYS: z
    .string()
    .default(defaultRetryDays.join(','))
    .transform((text, context) => {
      const days = text.split(',').map((part) => Number(part.trim()));
      const valid = days.every(
        (d, i) => Number.isInteger(d) && d >= 1 && d <= 28 && (i === 0 || d > (days[i - 1] ?? 0)),
      );
      if (!valid || days.length > 10) {
        context.addIssue({
          code: 'custom',
          message: 'must be up to 10 increasing whole days from 1 to 28 (within a monthly period), e.g. 1,3,5,7',
        });
        return z.NEVER;
      }
      return days;
    }),
  BILLFOLD_CREDIT_PURCHASE_EXPIRY_DAYS: z.coerce.number().int().min(1).max(3660).optional(),
  BILLFOLD_IDEMPOTENCY_ABANDONED_AFTER_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  BILLFOLD_WEBHOOKS_ALLOW_PRIVATE: booleanFlag.default(false),
  // Empty is unset (the operator API is not served).
  BILLFOLD_OPERATOR_KEY: z.union([z.literal(''), z.string().min(32, 'must be at least 32 characters')]).optional(),
  BILLFOLD_GATEWAY_CHARGES_PER_SECOND: z.coerce.number().positive().max(100_000).optional(),
  BILLFOLD_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  BILLFOLD_MAIL_FROM: z.string().min(3).default('Billfold <billing@billfold.localhost>'),
  BILLFOLD_SELLER_NAME: z.string().min(1).default('Billfold Demo Operator'),
  BILLFOLD_SELLER_ADDRESS: z.string().default('1 Market Street; San Francisco, CA 94105; United States'),
  BILLFOLD_SELLER_EMAIL: z.email().optional(),
  BILLFOLD_SELLER_TAX_ID: z.string().min(1).optional(),
});

export class ConfigError extends Error {}

/** Parses `env`; throws ConfigError whose message names each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Bad configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.BILLFOLD_DATA_DIR);
  const displayHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? '127.0.0.1' : e.HOST;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir,
    secret: e.BILLFOLD_SECRET ?? readOrCreateSecret(dataDir),
    baseUrl: (e.BILLFOLD_BASE_URL ?? `http://${displayHost}:${e.PORT}`).replace(/\/$/, ''),
    billingVisibleToMembers: e.BILLFOLD_BILLING_VISIBLE_TO_MEMBERS,
    seedDemo: e.BILLFOLD_SEED_DEMO,
    logLevel: e.BILLFOLD_LOG_LEVEL,
    inviteTtlDays: e.BILLFOLD_INVITE_TTL_DAYS,
    authRateLimit: e.BILLFOLD_AUTH_RATE_LIMIT,
    cardAttemptLimit: {
      attempts: e.BILLFOLD_CARD_ATTEMPT_LIMIT,
      window: Temporal.Duration.from({ minutes: e.BILLFOLD_CARD_ATTEMPT_WINDOW_MINUTES }),
    },
    dunningRetryDays: e.BILLFOLD_DUNNING_RETRY_DAYS,
    planCatalogPath: e.BILLFOLD_PLAN_CATALOG ? resolve(e.BILLFOLD_PLAN_CATALOG) : null,
    creditPurchaseExpiryDays: e.BILLFOLD_CREDIT_PURCHASE_EXPIRY_DAYS ?? null,
    idempotencyAbandonedAfterSeconds: e.BILLFOLD_IDEMPOTENCY_ABANDONED_AFTER_SECONDS,
    webhooksAllowPrivateAddresses: e.BILLFOLD_WEBHOOKS_ALLOW_PRIVATE,
    operatorKey: e.BILLFOLD_OPERATOR_KEY || null,
    gatewayChargesPerSecond: e.BILLFOLD_GATEWAY_CHARGES_PER_SECOND ?? null,
    email: { smtpUrl: e.BILLFOLD_SMTP_URL ?? null, from: e.BILLFOLD_MAIL_FROM, mailDir: join(dataDir, 'mail') },
    invoicing: {
      numberPrefix: e.BILLFOLD_INVOICE_PREFIX,
      taxRates: e.BILLFOLD_TAX_RATES,
      seller: {
        name: e.BILLFOLD_SELLER_NAME,
        addressLines: e.BILLFOLD_SELLER_ADDRESS.split(';')
          .map((line) => line.trim())
          .filter(Boolean),
        email: e.BILLFOLD_SELLER_EMAIL ?? null,
        taxId: e.BILLFOLD_SELLER_TAX_ID ?? null,
      },
    },
  };
}

/** The secret signs sessions; when not configured it is generated once and kept in the data dir. */
function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  // Owner-only, as everything in the data dir (src/db/owner-only-files.ts).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
