// SQL for paying through a hosted invoice page: the invoice behind the page's unguessable token, and whether a
// payment of it is already waiting for the cardholder or was started by the same keyed request. Plain reads
// (no transaction), so a refused request commits nothing under its Idempotency-Key.
import type { BillfoldDb } from '../../db/connection.ts';
import type { InvoiceStatusName } from '../../domain/invoices/invoice-status.ts';

export interface HostedInvoiceToPay {
  invoiceId: string;
  workspaceId: string;
  number: string | null;
  status: InvoiceStatusName;
}

/** The issued invoice behind a hosted page's token, or undefined (drafts have no page). */
export async function findHostedInvoiceToPay(
  db: BillfoldDb,
  hostedToken: string,
): Promise<HostedInvoiceToPay | undefined> {
  const row = await db
    .selectFrom('invoice')
    .select(['id', 'workspace_id', 'number', 'status'])
    .where('hosted_token', '=', hostedToken)
    .where('status', '!=', 'draft')
    .executeTakeFirst();
  return row && { invoiceId: row.id, workspaceId: row.workspace_id, number: row.number, status: row.status };
}

/**
 * Whether the invoice's payment already has its card: an attempt waiting for the cardholder's confirmation, or one
 * the same keyed request started (a retry after a lost answer). Paying then finishes that attempt.
 */
export async function paymentAlreadyHasCard(
  db: BillfoldDb,
  invoiceId: string,
  requestRef: string | null,
): Promise<boolean> {
  const row = await db
    .selectFrom('payment_attempt')
    .select('id')
    .where('invoice_id', '=', invoiceId)
    .where((eb) => {
      const awaiting = eb('status', '=', 'requires_action');
      return requestRef === null ? awaiting : eb.or([awaiting, eb('request_ref', '=', requestRef)]);
    })
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
