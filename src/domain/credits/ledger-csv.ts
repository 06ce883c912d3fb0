// The credit ledger as CSV: the header row and the cells of one entry (written by csv/csv-line.ts).
import { decimalAmount } from '../money/money.ts';

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
