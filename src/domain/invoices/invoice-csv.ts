// The invoice list as CSV: the header, one row per issued invoice (its UTC issue date, amounts in major units such
// as 49.00), and a closing "Total" row per currency. A void invoice is listed but not added up: it was never owed.
import { decimalAmount } from '../money/money.ts';
import type { InvoiceStatusName } from './invoice-status.ts';

export interface InvoiceCsvRow {
  number: string | null;
  issuedAt: Date | null;
  status: InvoiceStatusName;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
}

/** The sums of one currency's invoices, in minor units. */
export interface InvoiceCsvTotals {
  subtotal: number;
  tax: number;
  total: number;
  paid: number;
  due: number;
}

export const invoiceCsvHeader = [
  'Number',
  'Issued',
  'Status',
  'Currency',
  'Subtotal',
  'Tax',
  'Total',
  'Amount paid',
  'Amount due',
];

/** Paid in full, or still owed in full: an invoice is paid all at once, and only an open one can still be paid. */
function paidAndDue(row: InvoiceCsvRow): { paid: number; due: number } {
  return { paid: row.status === 'paid' ? row.total : 0, due: row.status === 'open' ? row.total : 0 };
}

export function invoiceCsvCells(row: InvoiceCsvRow): string[] {
  const { paid, due } = paidAndDue(row);
  const amount = (minor: number) => decimalAmount(minor, row.currency);
  return [
    row.number ?? '',
    row.issuedAt ? row.issuedAt.toISOString().slice(0, 10) : '',
    row.status,
    row.currency.toUpperCase(),
    amount(row.subtotal),
    amount(row.tax),
    amount(row.total),
    amount(paid),
    amount(due),
  ];
}

/** Adds an invoice to its currency's totals (a void one adds nothing); returns the same map. */
export function addToInvoiceTotals(
  totals: Map<string, InvoiceCsvTotals>,
  row: InvoiceCsvRow,
): Map<string, InvoiceCsvTotals> {
  if (row.status === 'void') return totals;
  const sums = totals.get(row.currency) ?? { subtotal: 0, tax: 0, total: 0, paid: 0, due: 0 };
  const { paid, due } = paidAndDue(row);
  totals.set(row.currency, {
    subtotal: sums.subtotal + row.subtotal,
    tax: sums.tax + row.tax,
    total: sums.total + row.total,
    paid: sums.paid + paid,
    due: sums.due + due,
  });
  return totals;
}

/** One "Total" row per currency, in alphabetical order of the currency code. */
export function invoiceCsvTotalCells(totals: ReadonlyMap<string, InvoiceCsvTotals>): string[][] {
  return [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, sums]) => {
      const amount = (minor: number) => decimalAmount(minor, currency);
      return [
        'Total',
        '',
        'excluding void',
        currency.toUpperCase(),
        amount(sums.subtotal),
        amount(sums.tax),
        amount(sums.total),
        amount(sums.paid),
        amount(sums.due),
      ];
    });
}
