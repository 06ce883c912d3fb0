// Bounds every invoice amount at 10^12 minor units (the domain's maxInvoiceAmount when written), so no code path
// can store an amount that reads back past 2^53. NOT VALID: rows written before this stay as they are, unchecked.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table invoice add constraint invoice_amounts_within_bound check (
      abs(subtotal) <= 1000000000000 and abs(tax) <= 1000000000000 and abs(total) <= 1000000000000
    ) not valid`.execute(db);
  await sql`alter table invoice_line add constraint invoice_line_amounts_within_bound check (
      abs(amount) <= 1000000000000 and unit_amount <= 1000000000000
    ) not valid`.execute(db);
  await sql`alter table payment_attempt add constraint payment_attempt_amount_within_bound check (
      amount <= 1000000000000
    ) not valid`.execute(db);
}
