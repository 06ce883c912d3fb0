// What a refund of a paid invoice may credit, and the credit note it issues: the amount (never above what the
// invoice was paid less what earlier credit notes took back), its tax share and its lines.
import { divideRoundingHalfAwayFromZero } from '../money/money.ts';

export interface PaidInvoiceAmounts {
  number: string;
  subtotal: number;
  tax: number;
  total: number;
  lines: readonly { description: string; quantity: number; unitAmount: number; amount: number }[];
}

export interface CreditNoteLine {
  description: string;
  quantity: number;
  unitAmount: number;
  amount: number;
}

export interface CreditNotePlan {
  kind: 'credit';
  subtotal: number;
  tax: number;
  total: number;
  lines: CreditNoteLine[];
}

export type CreditDecision =
  | CreditNotePlan
  /** Nothing is left to credit, or the amount asked for is above what is left (`refundable`). */
  | { kind: 'exceeds_refundable'; refundable: number };

/** What is left to credit of a paid invoice: its total less every credit note (issued or under way). */
export function refundableAmount(invoiceTotal: number, alreadyCredited: number): number {
  return Math.max(0, invoiceTotal - alreadyCredited);
}

/**
 * Plans the credit note for `requested` minor units (the whole rest when null). Crediting the whole invoice at once
 * repeats its lines; any other amount is one line naming the invoice. Its tax is the invoice's tax in proportion
 * (rounded once, half away from zero), and with earlier notes never beyond the invoice's tax.
 */
export function planCreditNote(
  invoice: PaidInvoiceAmounts,
  credited: { total: number; tax: number },
  requested: number | null,
): CreditDecision {
  const refundable = refundableAmount(invoice.total, credited.total);
  const total = requested ?? refundable;
  if (total <= 0 || total > refundable) return { kind: 'exceeds_refundable', refundable };
  if (credited.total === 0 && total === invoice.total) {
    return {
      kind: 'credit',
      subtotal: invoice.subtotal,
      tax: invoice.tax,
      total,
      lines: invoice.lines.map((line) => ({ ...line })),
    };
  }
  const taxLeft = Math.max(0, invoice.tax - credited.tax);
  const proportionalTax =
    invoice.total > 0 ? divideRoundingHalfAwayFromZero(BigInt(total) * BigInt(invoice.tax), BigInt(invoice.total)) : 0;
  // The last credit note takes whatever tax is left, so the notes' tax adds up to the invoice's.
  const tax = Math.min(total === refundable ? taxLeft : proportionalTax, taxLeft, total);
  const subtotal = total - tax;
  return {
    kind: 'credit',
    subtotal,
    tax,
    total,
    lines: [
      { description: `Refund of invoice ${invoice.number}`, quantity: 1, unitAmount: subtotal, amount: subtotal },
    ],
  };
}
