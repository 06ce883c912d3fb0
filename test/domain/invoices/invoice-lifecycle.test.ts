// Invoice numbers and the invoice lifecycle.
import { describe, expect, it } from 'vitest';
import { formatInvoiceNumber } from '../../../src/domain/invoices/invoice-number.ts';
import { isPayable } from '../../../src/domain/invoices/invoice-status.ts';

describe('formatInvoiceNumber', () => {
  it('pads to six digits and grows past them', () => {
    expect(formatInvoiceNumber('BF', 1)).toBe('BF-000001');
    expect(formatInvoiceNumber('ACME', 123456)).toBe('ACME-123456');
    expect(formatInvoiceNumber('BF', 1234567)).toBe('BF-1234567');
  });
});

describe('the invoice lifecycle', () => {
  it('only drafts and open invoices can be paid', () => {
    expect(isPayable('draft') && isPayable('open')).toBe(true);
    expect(isPayable('paid') || isPayable('void')).toBe(false);
  });

  it('an invoice written off as uncollectible cannot be paid (its subscription already ended)', () => {
    expect(isPayable('uncollectible')).toBe(false);
  });
});
