// The invoice bound: no line, subtotal or total past 10^12 minor units either way, the offending field named.
import { describe, expect, it } from 'vitest';
import { BillingError } from '../../../src/domain/errors.ts';
import {
  assertInvoiceWithinBounds,
  fullLine,
  invoiceTotals,
  isWithinInvoiceBound,
  maxInvoiceAmount,
} from '../../../src/domain/invoices/invoice-totals.ts';

const de = { country: 'DE', percent: '19' };

function paramOf(check: () => void): string | undefined {
  try {
    check();
  } catch (error) {
    if (error instanceof BillingError && error.code === 'invalid_request') return error.param;
    throw error;
  }
  return undefined;
}

function check(lines: { amount: number }[], taxRate: typeof de | null = null) {
  return () => assertInvoiceWithinBounds(lines, invoiceTotals(lines, taxRate), 'usd');
}

describe('assertInvoiceWithinBounds', () => {
  it('accepts an invoice of exactly the bound, and a credit of exactly the bound', () => {
    expect(paramOf(check([{ amount: maxInvoiceAmount }]))).toBeUndefined();
    expect(paramOf(check([{ amount: -maxInvoiceAmount }]))).toBeUndefined();
  });

  it('names the first line past the bound, a charge or a credit', () => {
    const ok = { amount: 100 };
    expect(paramOf(check([ok, ok, ok, { amount: maxInvoiceAmount + 1 }]))).toBe('lines.3.amount');
    expect(paramOf(check([ok, { amount: -maxInvoiceAmount - 1 }]))).toBe('lines.1.amount');
    expect(paramOf(check([fullLine('Licences', 1_000_000, 100_000_000), ok]))).toBe('lines.0.amount');
  });

  it('names lines when the lines are each within the bound but their subtotal is not', () => {
    expect(paramOf(check([{ amount: maxInvoiceAmount }, { amount: 1 }]))).toBe('lines');
  });

  it('names lines when tax takes a subtotal within the bound past it', () => {
    expect(paramOf(check([{ amount: 900_000_000_000 }], de))).toBe('lines');
    expect(paramOf(check([{ amount: 840_000_000_000 }], de))).toBeUndefined();
  });

  it('says the bound in money and in minor units', () => {
    expect(check([{ amount: maxInvoiceAmount }, { amount: 1 }])).toThrow(
      /\$10,000,000,000\.00.*1,000,000,000,000 minor units/,
    );
  });
});

describe('isWithinInvoiceBound', () => {
  it('takes whole amounts no further from zero than the bound, nothing past 2^53', () => {
    expect(isWithinInvoiceBound(0)).toBe(true);
    expect(isWithinInvoiceBound(-maxInvoiceAmount)).toBe(true);
    expect(isWithinInvoiceBound(maxInvoiceAmount + 1)).toBe(false);
    expect(isWithinInvoiceBound(9_100_000_000_000_000)).toBe(false);
    expect(isWithinInvoiceBound(1.5)).toBe(false);
    expect(maxInvoiceAmount * 100).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });
});
