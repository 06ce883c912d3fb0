// SQL for stored invoice PDFs: the one stored for an invoice if it prints the same content, and storing a render.
import { sql } from 'kysely';
import type { BillfoldDb } from '../../db/connection.ts';

/** The invoice's stored PDF if it was rendered from content with this digest, else undefined. */
export async function findStoredInvoicePdf(
  db: BillfoldDb,
  invoiceId: string,
  printedDigest: string,
): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('invoice_pdf')
    .select('pdf')
    .where('invoice_id', '=', invoiceId)
    .where('printed_digest', '=', printedDigest)
    .executeTakeFirst();
  return row ? asBuffer(row.pdf) : undefined;
}

/**
 * Stores a render in place of one of other content, and returns the PDF stored for this content: when two first
 * downloads render at once, both answer with the one stored first.
 */
export async function storeInvoicePdf(
  db: BillfoldDb,
  stored: { invoiceId: string; printedDigest: string; pdf: Buffer; renderedAt: Date },
): Promise<Buffer> {
  const row = await db
    .insertInto('invoice_pdf')
    .values({
      invoice_id: stored.invoiceId,
      printed_digest: stored.printedDigest,
      pdf: stored.pdf,
      rendered_at: stored.renderedAt,
    })
    .onConflict((oc) =>
      oc
        .column('invoice_id')
        .doUpdateSet({
          printed_digest: (eb) => eb.ref('excluded.printed_digest'),
          pdf: (eb) => eb.ref('excluded.pdf'),
          rendered_at: (eb) => eb.ref('excluded.rendered_at'),
        })
        .where(sql<boolean>`invoice_pdf.printed_digest <> excluded.printed_digest`),
    )
    .returning('pdf')
    .executeTakeFirst();
  if (row) return asBuffer(row.pdf);
  return (await findStoredInvoicePdf(db, stored.invoiceId, stored.printedDigest)) ?? stored.pdf;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
