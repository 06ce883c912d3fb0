// Each issued invoice's PDF, stored the first time it is downloaded as it then prints, so every later download of
// the same content is the same bytes without rendering again (docs/decisions/019-stored-invoice-pdfs.md).
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against no fixed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invoice_pdf')
    .addColumn('invoice_id', 'text', (c) => c.primaryKey().references('invoice.id').onDelete('cascade'))
    // SHA-256 of what the PDF prints (the invoice as viewed, the seller, the workspace's name).
    .addColumn('printed_digest', 'text', (c) => c.notNull())
    .addColumn('pdf', 'bytea', (c) => c.notNull())
    .addColumn('rendered_at', 'timestamptz', (c) => c.notNull())
    .execute();
}
