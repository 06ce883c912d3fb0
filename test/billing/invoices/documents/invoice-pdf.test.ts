// The invoice PDF: a valid PDF whose text (extracted with unpdf) holds what a reader looks for.
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { renderInvoicePdf } from '../../../../src/billing/invoices/documents/invoice-pdf.ts';
import type { InvoiceDocument } from '../../../../src/billing/invoices/invoice-view.ts';
import { sampleDocument, seatLine } from './sample-invoice.ts';

async function pdfText(document: InvoiceDocument) {
  const bytes = await renderInvoicePdf(document);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text, totalPages } = await extractText(pdf, { mergePages: true });
  return { text, totalPages };
}

describe('the invoice PDF', () => {
  it('holds the number, seller, buyer, lines, tax as its own line, total and how it was paid', async () => {
    const { text, totalPages } = await pdfText(sampleDocument());
    expect(totalPages).toBe(1);
    for (const expected of [
      'BF-000042',
      'Billfold Demo Operator',
      'Globex GmbH',
      'Friedrichstraße 1',
      'Tax ID: DE123456789',
      'Team (monthly) — per seat',
      '$12.06',
      '$1,037.16',
      'Tax (19% DE)',
      '$197.13',
      '$1,234.65',
      'Paid with Visa ending in 4242 on Oct 2, 2026.',
      'Oct 1, 2026 – Nov 1, 2026',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('an open invoice without billing details bills the workspace and says what is due', async () => {
    const { text } = await pdfText(
      sampleDocument({
        status: 'open',
        paidAt: null,
        billingDetails: null,
        paymentMethod: null,
        payment: null,
        taxRate: null,
        tax: 0,
        total: 103752,
      }),
    );
    expect(text).toContain('Globex');
    expect(text).not.toContain('Globex GmbH');
    expect(text).toContain('$1,037.52 is due.');
    expect(text).toContain('Open');
  });

  it('a void invoice says nothing is due, never an amount due', async () => {
    const { text } = await pdfText(
      sampleDocument({
        status: 'void',
        paidAt: null,
        payment: { status: 'failed', failureMessage: 'Your card was declined.', nextActionUrl: null },
        total: 103752,
      }),
    );
    expect(text).toContain('Void — nothing is due');
    expect(text).toContain('Payment declined — nothing was charged');
    expect(text).not.toMatch(/\$[\d,.]+ (is )?due/);
  });

  it('prints a buyer name outside Latin-1 in a font embedded in the file', async () => {
    const document = sampleDocument();
    const buyer = document.invoice.billingDetails;
    if (!buyer) throw new Error('the sample invoice has billing details');
    const bytes = await renderInvoicePdf({
      ...document,
      invoice: {
        ...document.invoice,
        billingDetails: { ...buyer, legalName: 'Łódź Żurawie sp. z o.o.', city: 'Łódź' },
      },
    });
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    expect(text).toContain('Łódź Żurawie sp. z o.o.');
    const raw = bytes.toString('latin1');
    expect(raw).toContain('/FontFile2'); // the glyphs travel with the file
    expect(raw).toContain('DejaVuSans');
    expect(raw).not.toContain('/Helvetica'); // no standard font left for the viewer to substitute
  });

  it('formats zero-decimal currencies without decimals', async () => {
    const { text } = await pdfText(
      sampleDocument({
        currency: 'jpy',
        lines: [seatLine('Pro', { quantity: 1, unitAmount: 5000, amount: 5000 })],
        subtotal: 5000,
        tax: 0,
        taxRate: null,
        total: 5000,
      }),
    );
    expect(text).toContain('¥5,000');
    expect(text).not.toContain('¥5,000.00');
  });

  it('an 80-line invoice runs over several pages and still ends with its last line and total', async () => {
    const lines = Array.from({ length: 80 }, (_, index) =>
      seatLine(`Usage line ${index + 1}`, { quantity: 1, unitAmount: 100, amount: 100 }),
    );
    const { text, totalPages } = await pdfText(sampleDocument({ lines, subtotal: 8000, tax: 1520, total: 9520 }));
    expect(totalPages).toBeGreaterThan(1);
    expect(text).toContain('Usage line 1');
    expect(text).toContain('Usage line 80');
    expect(text).toContain('$95.20');
  });
});
