// The words an invoice document prints, shared by the PDF and the hosted page so both say the same thing.
import type { InvoiceBuyerSnapshot } from '../../../db/tables.ts';
import type { InvoiceStatusName } from '../../../domain/invoices/invoice-status.ts';
import { voidReason } from '../../../domain/invoices/void-reason.ts';
import type { InvoiceDocument } from '../invoice-view.ts';

const dateFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
});
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** "Nov 25, 2026" (UTC, the zone billing periods are computed in). */
export function formatInvoiceDate(date: Date): string {
  return dateFormat.format(date);
}

export function formatPeriod(start: Date | null, end: Date | null): string | null {
  return start && end ? `${formatInvoiceDate(start)} – ${formatInvoiceDate(end)}` : null;
}

export const invoiceStatusLabels: Record<InvoiceStatusName, string> = {
  draft: 'Draft',
  open: 'Open',
  paid: 'Paid',
  void: 'Void',
  uncollectible: 'Uncollectible',
};

const brandNames: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
};

/** "Visa ending in 4242". */
export function cardLabel(card: { brand: string; last4: string }): string {
  return `${brandNames[card.brand] ?? 'Card'} ending in ${card.last4}`;
}

/** The buyer block: legal name first, then address lines, country, tax id and email. */
export function buyerLines(buyer: InvoiceBuyerSnapshot | null, workspaceName: string): string[] {
  if (!buyer) return [workspaceName];
  const cityLine = cityLineOf(buyer);
  return [
    buyer.legalName,
    buyer.addressLine1,
    buyer.addressLine2,
    cityLine,
    regionNames.of(buyer.country) ?? buyer.country,
    buyer.taxId ? `Tax ID: ${buyer.taxId}` : null,
    buyer.email,
  ].filter((line): line is string => Boolean(line));
}

/** "San Francisco, CA 94105" where addresses put the city first (US, CA, AU); "10117 Berlin" elsewhere. */
function cityLineOf(buyer: InvoiceBuyerSnapshot): string {
  if (['US', 'CA', 'AU'].includes(buyer.country)) {
    return `${buyer.city}, ${[buyer.region, buyer.postalCode].filter(Boolean).join(' ')}`;
  }
  return [buyer.postalCode, buyer.city, buyer.region].filter(Boolean).join(' ');
}

export function sellerLines(document: Pick<InvoiceDocument, 'seller'>): string[] {
  const { seller } = document;
  return [seller.name, ...seller.addressLines, seller.taxId ? `Tax ID: ${seller.taxId}` : null, seller.email].filter(
    (line): line is string => Boolean(line),
  );
}

/** "Tax (19% DE)", or "Tax" when no rate applies. */
export function taxLabel(taxRate: { country: string; percent: string } | null): string {
  return taxRate ? `Tax (${taxRate.percent}% ${taxRate.country})` : 'Tax';
}

/**
 * When an open invoice is due. Invoices carry no payment terms of their own: Billfold charges the card the moment it
 * issues an invoice (renewals, changes, purchases, one-off invoices paid with "Pay now"), so an invoice is due on its
 * date of issue, and a failed charge is past due from then on (dunning retries it from that day).
 */
export function invoiceDueDate(invoice: { issuedAt: Date | null }): Date | null {
  return invoice.issuedAt;
}

/** What a void invoice says where another would say its amount due. */
export const voidHeadline = 'Void — nothing is due';

/** One sentence on where the invoice stands: paid when and how, or what is owed and why it is not paid yet. */
export function paymentStatement(document: InvoiceDocument, formatAmount: (amount: number) => string): string {
  const { invoice } = document;
  switch (invoice.status) {
    case 'paid': {
      const how = invoice.paymentMethod ? ` with ${cardLabel(invoice.paymentMethod)}` : '';
      return `Paid${how}${invoice.paidAt ? ` on ${formatInvoiceDate(invoice.paidAt)}` : ''}.`;
    }
    case 'void':
      return `${voidHeadline}. ${voidReason(invoice.payment)}.`;
    case 'draft':
      return 'Draft: not issued yet.';
    case 'uncollectible':
      return 'Written off when the subscription ended for non-payment; it can no longer be paid.';
    case 'open': {
      const due = `${formatAmount(invoice.amountDue)} is due.`;
      if (invoice.payment?.status === 'requires_action')
        return `${due} The payment is waiting for the cardholder to confirm it.`;
      if (invoice.payment?.status === 'failed') {
        return `${due} The last payment attempt failed: ${invoice.payment.failureMessage ?? 'the card was declined'}`;
      }
      return due;
    }
  }
}
