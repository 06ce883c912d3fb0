// Applies the numbered, forward-only migrations in src/db/migrations, in order.
import type { Kysely } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import * as authSchema from './migrations/0001_auth_schema.ts';
import * as billingFoundation from './migrations/0002_billing_foundation.ts';
import * as authRateLimit from './migrations/0003_auth_rate_limit.ts';
import * as paymentsAndInvoices from './migrations/0004_payments_and_invoices.ts';
import * as sandboxGateway from './migrations/0005_sandbox_gateway.ts';
import * as subscriptions from './migrations/0006_subscriptions.ts';
import * as credits from './migrations/0007_credits.ts';
import * as idempotencyBoundToCommits from './migrations/0008_idempotency_bound_to_commits.ts';
import * as apiKeyScopes from './migrations/0009_api_key_scopes.ts';
import * as cardAttemptLimit from './migrations/0010_card_attempt_limit.ts';
import * as billingHistoryKept from './migrations/0011_billing_history_kept.ts';
import * as invoiceAmountBounds from './migrations/0012_invoice_amount_bounds.ts';
import * as scheduledSwitchIsNotACancel from './migrations/0013_scheduled_switch_is_not_a_cancel.ts';
import * as eventsOut from './migrations/0014_events_out.ts';
import * as storedInvoicePdfs from './migrations/0015_stored_invoice_pdfs.ts';
import * as trials from './migrations/0016_trials.ts';
import * as coupons from './migrations/0017_coupons.ts';
import * as refundsCreditNotes from './migrations/0018_refunds_credit_notes.ts';
import * as customerBalance from './migrations/0019_customer_balance.ts';
import * as balanceReturnedOnVoid from './migrations/0020_balance_returned_on_void.ts';

const migrations: Record<string, Migration> = {
  '0001_auth_schema': authSchema,
  '0002_billing_foundation': billingFoundation,
  '0003_auth_rate_limit': authRateLimit,
  '0004_payments_and_invoices': paymentsAndInvoices,
  '0005_sandbox_gateway': sandboxGateway,
  '0006_subscriptions': subscriptions,
  '0007_credits': credits,
  '0008_idempotency_bound_to_commits': idempotencyBoundToCommits,
  '0009_api_key_scopes': apiKeyScopes,
  '0010_card_attempt_limit': cardAttemptLimit,
  '0011_billing_history_kept': billingHistoryKept,
  '0012_invoice_amount_bounds': invoiceAmountBounds,
  '0013_scheduled_switch_is_not_a_cancel': scheduledSwitchIsNotACancel,
  '0014_events_out': eventsOut,
  '0015_stored_invoice_pdfs': storedInvoicePdfs,
  '0016_trials': trials,
  '0017_coupons': coupons,
  '0018_refunds_credit_notes': refundsCreditNotes,
  '0019_customer_balance': customerBalance,
  '0020_balance_returned_on_void': balanceReturnedOnVoid,
};

/** Runs every pending migration; throws (naming the migration) if one fails. Returns the names applied. */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and shape) the typed schema.
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed?.migrationName ?? 'unknown';
    throw new Error(`Migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
