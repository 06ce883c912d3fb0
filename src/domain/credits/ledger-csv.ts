// The credit ledger as CSV (RFC 4180): a header row, CRLF line ends, fields quoted when they hold a comma, quote or
// line break, and text a spreadsheet would run as a formula (= + - @ first) prefixed with an apostrophe.
import { currencyExponent } from '../money/money.ts';

export interface LedgerCsvRow {
  createdAt: Date;
  type: string;
  description: string;
  credits: number;
  balanceAfter: number;
  invoice: { number: string | null; total: number; currency: string } | null;
}

export const ledgerCsvHeader = [
  'Date',
  'Type',
  'Description',
  'Credits',
  'Balance after',
  'Invoice',
  'Amount',
  'Currency',
];

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function ledgerCsvCells(row: LedgerCsvRow): string[] {
  return [
    row.createdAt.toISOString(),
    row.type,
    row.description,
    String(row.credits),
    String(row.balanceAfter),
    row.invoice?.number ?? '',
    row.invoice ? decimalAmount(row.invoice.total, row.invoice.currency) : '',
    row.invoice ? row.invoice.currency.toUpperCase() : '',
  ];
}

function csvCell(value: string): string {
  // Signed numbers are written by us as numbers; only text from elsewhere is neutralized.
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** 4500 usd → "45.00": minor units as a plain decimal a spreadsheet reads as a number. */
function decimalAmount(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  return exponent === 0 ? String(minor) : (minor / 10 ** exponent).toFixed(exponent);
}
