// Prices a credit purchase before it is made: the same pricing the purchase uses (priceCredits) and the tax the
// invoice will apply at finalizing (the workspace's billing country), so the dialog shows what will be charged.
import { type CreditChoice, priceCredits } from '../../domain/credits/credit-offer.ts';
import { BillingError } from '../../domain/errors.ts';
import { assertInvoiceWithinBounds, invoiceTotals } from '../../domain/invoices/invoice-totals.ts';
import { taxRateFor } from '../../domain/invoices/tax-rates.ts';
import type { WorkspaceAccess } from '../access/authorize.ts';
import { loadBillingDetails } from '../billing-details/load-billing-details.ts';
import type { BillingDeps } from '../deps.ts';
import { findPlan } from '../plans/catalog.ts';
import { readWorkspace } from '../workspaces/lock-workspace.ts';
import { creditOfferOf } from './credit-offer.ts';

export interface CreditQuote {
  credits: number;
  packId: string | null;
  currency: string;
  subtotal: number;
  tax: number;
  /** The tax rate's percent, as configured ("19"), or null when the billing country has none. */
  taxPercent: string | null;
  taxCountry: string | null;
  total: number;
}

export async function quoteCredits(
  deps: BillingDeps,
  access: WorkspaceAccess,
  choice: CreditChoice,
): Promise<CreditQuote> {
  const { billing } = await readWorkspace(deps.db, deps, access.workspace.id);
  const plan = findPlan(deps.catalog, billing.planId);
  const offer = creditOfferOf(plan);
  if (!offer) {
    throw new BillingError(
      'credits_not_sold',
      `${plan.name} does not include credits. Switch to Flex Credits or Pro to buy credits.`,
    );
  }
  const priced = priceCredits(offer, choice);
  const details = await loadBillingDetails(deps.db, access.workspace.id);
  const taxRate = taxRateFor(deps.invoicing.taxRates, details.country);
  const totals = invoiceTotals([priced.line], taxRate);
  assertInvoiceWithinBounds([priced.line], totals, priced.currency);
  return {
    credits: priced.credits,
    packId: priced.packId,
    currency: priced.currency.toLowerCase(),
    subtotal: totals.subtotal,
    tax: totals.tax,
    taxPercent: taxRate?.percent ?? null,
    taxCountry: taxRate?.country ?? null,
    total: totals.total,
  };
}
