// Credit note math: a refund never credits more than the invoice was paid less earlier credit notes, a partial
// refund is one line with the invoice's tax in proportion, and a full refund repeats the invoice's lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PaidInvoiceAmounts, planCreditNote } from '../../../src/domain/credit-notes/credit-note-amounts.ts';

const invoice45: PaidInvoiceAmounts = {
  number: 'BF-000007',
  subtotal: 4500,
  tax: 0,
  total: 4500,
  lines: [{ description: 'Pro — Starter (monthly)', quantity: 1, unitAmount: 4500, amount: 4500 }],
};
const none = { total: 0, tax: 0 };

describe('planCreditNote', () => {
  it('a half refund of a $45.00 invoice credits $22.50 in one line naming the invoice', () => {
    expect(planCreditNote(invoice45, none, 2250)).toEqual({
      kind: 'credit',
      subtotal: 2250,
      tax: 0,
      total: 2250,
      lines: [{ description: 'Refund of invoice BF-000007', quantity: 1, unitAmount: 2250, amount: 2250 }],
    });
  });

  it('no amount refunds the whole rest: after $22.50 of $45.00, $22.50 is left', () => {
    expect(planCreditNote(invoice45, { total: 2250, tax: 0 }, null)).toMatchObject({ kind: 'credit', total: 2250 });
  });

  it('a full refund repeats the invoice lines and its tax', () => {
    const taxed = {
      ...invoice45,
      subtotal: 3600,
      tax: 684,
      total: 4284,
      lines: [{ description: 'Team', quantity: 3, unitAmount: 1200, amount: 3600 }],
    };
    expect(planCreditNote(taxed, none, null)).toEqual({
      kind: 'credit',
      subtotal: 3600,
      tax: 684,
      total: 4284,
      lines: taxed.lines,
    });
  });

  it('splits the tax in proportion: $21.42 of a $36.00 + $6.84 tax invoice carries $3.42 tax', () => {
    const taxed = { ...invoice45, subtotal: 3600, tax: 684, total: 4284 };
    // 2142 × 684 / 4284 = 342
    expect(planCreditNote(taxed, none, 2142)).toMatchObject({ subtotal: 1800, tax: 342, total: 2142 });
  });

  it('refuses more than the rest, and anything once all is refunded, saying what is left', () => {
    expect(planCreditNote(invoice45, { total: 2250, tax: 0 }, 2251)).toEqual({
      kind: 'exceeds_refundable',
      refundable: 2250,
    });
    expect(planCreditNote(invoice45, { total: 4500, tax: 0 }, null)).toEqual({
      kind: 'exceeds_refundable',
      refundable: 0,
    });
  });
});

const paidInvoice = fc
  .record({ subtotal: fc.integer({ min: 1, max: 10_000_000 }), taxPercent: fc.integer({ min: 0, max: 30 }) })
  .map(({ subtotal, taxPercent }): PaidInvoiceAmounts => {
    const tax = Math.round((subtotal * taxPercent) / 100);
    return {
      number: 'BF-000001',
      subtotal,
      tax,
      total: subtotal + tax,
      lines: [{ description: 'Seats', quantity: 1, unitAmount: subtotal, amount: subtotal }],
    };
  });

describe('properties', () => {
  it('the credit notes of an invoice never add up to more than it was paid, nor their tax to more than its tax', () => {
    fc.assert(
      fc.property(
        paidInvoice,
        fc.array(fc.option(fc.integer({ min: 1, max: 12_000_000 })), { maxLength: 12 }),
        (invoice, asks) => {
          const credited = { total: 0, tax: 0 };
          for (const ask of asks) {
            const plan = planCreditNote(invoice, credited, ask);
            if (plan.kind !== 'credit') {
              expect(ask === null ? credited.total === invoice.total : ask > invoice.total - credited.total).toBe(true);
              continue;
            }
            expect(plan.lines.reduce((sum, line) => sum + line.amount, 0)).toBe(plan.subtotal);
            expect(plan.subtotal + plan.tax).toBe(plan.total);
            expect(plan.subtotal).toBeGreaterThanOrEqual(0);
            expect(plan.tax).toBeGreaterThanOrEqual(0);
            credited.total += plan.total;
            credited.tax += plan.tax;
            expect(credited.total).toBeLessThanOrEqual(invoice.total);
            expect(credited.tax).toBeLessThanOrEqual(invoice.tax);
          }
          // Refunding the rest leaves nothing: the notes then add up to the invoice exactly, tax included.
          const rest = planCreditNote(invoice, credited, null);
          if (rest.kind === 'credit') {
            credited.total += rest.total;
            credited.tax += rest.tax;
          }
          expect(credited.total).toBe(invoice.total);
          expect(credited.tax).toBe(invoice.tax);
        },
      ),
    );
  });
});
