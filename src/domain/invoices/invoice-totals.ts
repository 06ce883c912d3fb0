// An invoice's lines and totals: each line is rounded once, the subtotal is the sum of the rounded lines,
// tax is one more rounded amount on the subtotal, and the total is subtotal + tax. Every amount stays within a bound.
import { BillingError } from '../errors.ts';
import { divideRoundingHalfAwayFromZero, formatMoney } from '../money/money.ts';
import { type TaxRate, taxOn } from './tax-rates.ts';

export interface InvoiceLine {
  description: string;
  quantity: number;
  /** Price of one unit in minor units (a prorated line shows the full-period unit price). */
  unitAmount: number;
  /** quantity × unitAmount, or its prorated share, rounded once. */
  amount: number;
  periodStart: Date | null;
  periodEnd: Date | null;
  proration: boolean;
}

export interface InvoiceTotals {
  subtotal: number;
  tax: number;
  total: number;
}

/** A whole-period line: quantity × unit amount, exact. */
export function fullLine(
  description: string,
  quantity: number,
  unitAmount: number,
  period: { start: Date; end: Date } | null = null,
): InvoiceLine {
  assertLineNumbers(quantity, unitAmount);
  return {
    description,
    quantity,
    unitAmount,
    // + 0: a negative quantity at price 0 would otherwise be -0.
    amount: quantity * unitAmount + 0,
    periodStart: period?.start ?? null,
    periodEnd: period?.end ?? null,
    proration: false,
  };
}

/**
 * A prorated line: quantity × unit amount × used / whole (e.g. seconds left of the period over its length),
 * rounded once, half away from zero. A negative quantity credits unused time.
 */
export function proratedLine(
  description: string,
  quantity: number,
  unitAmount: number,
  share: { used: number; whole: number },
  period: { start: Date; end: Date },
): InvoiceLine {
  assertLineNumbers(quantity, unitAmount);
  if (!Number.isInteger(share.used) || !Number.isInteger(share.whole) || share.whole <= 0) {
    throw new RangeError('a proration share needs whole positive numbers');
  }
  const amount = divideRoundingHalfAwayFromZero(
    BigInt(quantity) * BigInt(unitAmount) * BigInt(share.used),
    BigInt(share.whole),
  );
  return {
    description,
    quantity,
    unitAmount,
    amount,
    periodStart: period.start,
    periodEnd: period.end,
    proration: true,
  };
}

export function invoiceTotals(lines: readonly Pick<InvoiceLine, 'amount'>[], taxRate: TaxRate | null): InvoiceTotals {
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  // Credits larger than charges leave nothing to tax.
  const tax = subtotal > 0 ? taxOn(subtotal, taxRate) : 0;
  return { subtotal, tax, total: subtotal + tax };
}

/**
 * The most an invoice may carry, in minor units, in any line, its subtotal or its total with tax (10^12: $10
 * billion). Far below 2^53, so sums of lines, tax and every amount read back from the database stay exact.
 */
export const maxInvoiceAmount = 1_000_000_000_000;

/**
 * Refuses an invoice whose line, subtotal or total is past maxInvoiceAmount either way (a credit line too),
 * naming the field as the one-off invoice request does: `lines.3.amount` for a line, `lines` for the sums.
 */
export function assertInvoiceWithinBounds(
  lines: readonly Pick<InvoiceLine, 'amount'>[],
  totals: InvoiceTotals,
  currency: string,
): void {
  const limit = formatMoney(maxInvoiceAmount, currency);
  lines.forEach((line, position) => {
    if (!isWithinInvoiceBound(line.amount)) {
      throw new BillingError(
        'invalid_request',
        `Line ${position + 1} comes to more than ${limit}, the most one invoice may carry (${groupDigits(maxInvoiceAmount)} minor units).`,
        { param: `lines.${position}.amount` },
      );
    }
  });
  if (!isWithinInvoiceBound(totals.subtotal) || !isWithinInvoiceBound(totals.total)) {
    throw new BillingError(
      'invalid_request',
      `The invoice comes to more than ${limit}${totals.tax !== 0 && isWithinInvoiceBound(totals.subtotal) ? ' with tax' : ''}, ` +
        `the most one invoice may carry (${groupDigits(maxInvoiceAmount)} minor units): split it into smaller invoices.`,
      { param: 'lines' },
    );
  }
}

/** An amount an invoice may carry: a whole number of minor units no further from zero than maxInvoiceAmount. */
export function isWithinInvoiceBound(amount: number): boolean {
  return Number.isSafeInteger(amount) && Math.abs(amount) <= maxInvoiceAmount;
}

/** 1000000000000 → "1,000,000,000,000". */
function groupDigits(amount: number): string {
  return new Intl.NumberFormat('en-US').format(amount);
}

function assertLineNumbers(quantity: number, unitAmount: number): void {
  if (!Number.isSafeInteger(quantity) || !Number.isSafeInteger(unitAmount) || unitAmount < 0) {
    throw new RangeError('invoice lines take whole quantities and non-negative whole minor-unit prices');
  }
}
