// The demo workspace's billing history: billing details, a Visa test card (through the sandbox's card form
// endpoint, like a person would) and three paid monthly Team invoices from before it moved to Free.
import { Temporal } from 'temporal-polyfill';
import type { WorkspaceAccess } from '../billing/access/authorize.ts';
import { updateBillingDetails } from '../billing/billing-details/update-billing-details.ts';
import type { BillingDeps } from '../billing/deps.ts';
import { createDraftInvoice } from '../billing/invoices/create-draft-invoice.ts';
import { attachPaymentMethod } from '../billing/payment-methods/attach-payment-method.ts';
import { payInvoice } from '../billing/payments/pay-invoice.ts';
import { inTransaction } from '../db/transaction.ts';
import { fixedClock, toDate } from '../domain/clock.ts';
import { fullLine } from '../domain/invoices/invoice-totals.ts';
import { tokenizeCard } from '../gateways/sandbox/sandbox-gateway.ts';

const teamSeats = 3;
const teamMonthlySeatPrice = 1200;

export async function seedDemoBilling(deps: BillingDeps, owner: WorkspaceAccess): Promise<void> {
  await updateBillingDetails(deps, owner, {
    legalName: 'Acme Inc.',
    email: 'billing@demo.billfold.dev',
    addressLine1: '500 Howard Street',
    addressLine2: 'Suite 300',
    city: 'San Francisco',
    postalCode: '94105',
    region: 'CA',
    country: 'US',
    taxId: null,
  });
  const nextYear = deps.clock.now().toZonedDateTimeISO('UTC').year + 1;
  const token = await tokenizeCard(deps, { number: '4242424242424242', expMonth: 12, expYear: nextYear, cvc: '123' });
  if (!token.ok) throw new Error(`demo card refused: ${token.problem.message}`);
  await attachPaymentMethod(deps, owner, { token: token.token.id, makeDefault: true, clientAddress: null });

  const thisMonth = deps.clock.now().toZonedDateTimeISO('UTC').toPlainDate().with({ day: 1 });
  for (const monthsAgo of [3, 2, 1]) {
    const start = thisMonth.subtract({ months: monthsAgo });
    const period = { start: startOfDay(start), end: startOfDay(start.add({ months: 1 })) };
    // Issued and paid on the first day of its period, as a renewal would have been.
    const then = { ...deps, clock: fixedClock(Temporal.Instant.fromEpochMilliseconds(period.start.getTime())) };
    const invoiceId = await inTransaction(deps.db, (trx) =>
      createDraftInvoice(trx, then.clock, {
        workspaceId: owner.workspace.id,
        currency: 'usd',
        lines: [fullLine('Team (monthly) — per seat', teamSeats, teamMonthlySeatPrice, period)],
        period,
      }),
    );
    const result = await payInvoice(then, owner.workspace.id, invoiceId, { type: 'system', id: null });
    if (result.status !== 'paid') throw new Error(`demo invoice was not paid: ${result.status}`);
  }
}

function startOfDay(date: Temporal.PlainDate): Date {
  return toDate(date.toZonedDateTime('UTC').toInstant());
}
