// A voided invoice gives back what the customer balance paid of it (docs/decisions/024): a second ledger entry for the
// same invoice, of type unapplied_from_invoice, so an invoice has at most one entry of each type.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table customer_balance_transaction drop constraint customer_balance_transaction_type_check`.execute(
    db,
  );
  await sql`alter table customer_balance_transaction add constraint customer_balance_transaction_type_check
    check (type in ('credit_note', 'applied_to_invoice', 'invoice_credit', 'unapplied_from_invoice'))`.execute(db);
  await sql`alter table customer_balance_transaction drop constraint customer_balance_transaction_invoice_id_key`.execute(
    db,
  );
  await sql`alter table customer_balance_transaction add constraint customer_balance_transaction_invoice_type_key
    unique (invoice_id, type)`.execute(db);
}
