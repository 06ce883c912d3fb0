// The one CSV line writer: RFC 4180 quoting, CRLF, and text a spreadsheet would run as a formula neutralized,
// while the numbers Billfold writes (signed integers, decimal amounts) stay numbers.
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../../src/domain/csv/csv-line.ts';
import { decimalAmount } from '../../../src/domain/money/money.ts';

describe('csvLine', () => {
  it('quotes a field with a comma, quote or line break and doubles its quotes', () => {
    expect(csvLine(['plain', 'a,b', 'say "hi"', 'two\nlines'])).toBe('plain,"a,b","say ""hi""","two\nlines"\r\n');
  });

  it('prefixes text that starts like a formula with an apostrophe, but not numbers', () => {
    expect(csvLine(['=SUM(A1)', '+1 555', '@cmd', '-x', '-25', '-12.50', '49.00'])).toBe(
      "'=SUM(A1),'+1 555,'@cmd,'-x,-25,-12.50,49.00\r\n",
    );
  });
});

describe('decimalAmount', () => {
  it('writes minor units in major units with the currency’s digits, exactly', () => {
    expect(decimalAmount(4900, 'usd')).toBe('49.00');
    expect(decimalAmount(5, 'usd')).toBe('0.05');
    expect(decimalAmount(-1250, 'eur')).toBe('-12.50');
    expect(decimalAmount(500, 'jpy')).toBe('500');
    expect(decimalAmount(1234, 'kwd')).toBe('1.234');
    expect(decimalAmount(900_719_925_474_099, 'usd')).toBe('9007199254740.99');
  });
});
