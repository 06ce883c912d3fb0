// One CSV line of an export (RFC 4180): fields quoted when they hold a comma, quote or line break, CRLF line ends,
// and text a spreadsheet would run as a formula (= + - @ first) prefixed with an apostrophe. Every CSV Billfold
// writes (the credit ledger, the invoice list) goes through this one writer.

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function csvCell(value: string): string {
  // Signed numbers are written by us as numbers; only text from elsewhere is neutralized.
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
