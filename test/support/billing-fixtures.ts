// Billing fixtures for tests: save a test card through the sandbox's card form endpoint, and put invoices on
// a workspace the way subscriptions and purchases will (a draft with lines, then paid through the API).
import { createDraftInvoice } from '../../src/billing/invoices/create-draft-invoice.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { fullLine, type InvoiceLine } from '../../src/domain/invoices/invoice-totals.ts';
import type { Billfold } from '../../src/server.ts';
import { call, createWorkspaceAs, type SignedInUser } from './test-billfold.ts';

export const testCards = {
  succeeds: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  insufficientFunds: '4000 0000 0000 9995',
  chargesFail: '4000 0000 0000 0341',
  requiresAuthentication: '4000 0027 6000 3184',
  mastercard: '5555 5555 5555 4444',
} as const;

/** Test cards expire in December 2040 (well within the 50 years a card form accepts). */
export const testCardExpYear = 2040;

/** Tokenizes a card at the sandbox as the card form does and returns the single-use token. */
export async function tokenize(billfold: Billfold, number: string): Promise<string> {
  const response = await billfold.app.inject({
    method: 'POST',
    url: '/sandbox/v1/tokens',
    payload: { number, expMonth: 12, expYear: testCardExpYear, cvc: '123' },
  });
  if (response.statusCode !== 201) throw new Error(`tokenize failed: ${response.statusCode} ${response.body}`);
  return response.json().id;
}

/** Saves a card on the workspace; returns the API's response (201 with the method, or the error). */
export async function addCard(
  billfold: Billfold,
  as: SignedInUser,
  workspaceId: string,
  number: string,
  makeDefault = false,
) {
  const token = await tokenize(billfold, number);
  return call(billfold, 'POST', `/v1/workspaces/${workspaceId}/payment-methods`, {
    as,
    body: { token, makeDefault },
  });
}

/** A draft invoice on the workspace (defaults: 3 seats at $12.00). */
export async function draftInvoice(
  billfold: Billfold,
  workspaceId: string,
  lines: InvoiceLine[] = [fullLine('Team (monthly) — per seat', 3, 1200)],
): Promise<string> {
  return inTransaction(billfold.deps.db, (trx) =>
    createDraftInvoice(trx, billfold.deps.clock, { workspaceId, currency: 'usd', lines, period: null }),
  );
}

/** Finalizes and pays a draft through the API; returns the response. */
export function payInvoiceAs(
  billfold: Billfold,
  as: SignedInUser,
  workspaceId: string,
  invoiceId: string,
  idempotencyKey?: string,
) {
  return call(billfold, 'POST', `/v1/workspaces/${workspaceId}/invoices/${invoiceId}/pay`, {
    as,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
}

/** A new workspace of `owner`'s with a card (unless `card` is null), on a test clock frozen at `frozenTime`. */
export async function workspaceOnTestClock(
  billfold: Billfold,
  owner: SignedInUser,
  frozenTime: string,
  options: { name?: string; card?: string | null } = {},
): Promise<string> {
  const ws = (await createWorkspaceAs(billfold, owner, options.name ?? 'Test Clock Inc')).id;
  const card = options.card === undefined ? testCards.succeeds : options.card;
  if (card) {
    const added = await addCard(billfold, owner, ws, card);
    if (added.statusCode !== 201) throw new Error(`adding a card failed: ${added.statusCode} ${added.body}`);
  }
  const clock = await call(billfold, 'POST', `/v1/workspaces/${ws}/test-clock`, { as: owner, body: { frozenTime } });
  if (clock.statusCode !== 201) throw new Error(`attaching a test clock failed: ${clock.statusCode} ${clock.body}`);
  return ws;
}
