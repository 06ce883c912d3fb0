// The hosted invoice page: the same facts as the PDF, every user-written value escaped, no scripts.
import { describe, expect, it } from 'vitest';
import { renderInvoicePage } from '../../../../src/billing/invoices/documents/invoice-page.ts';
import { sampleDocument, seatLine } from './sample-invoice.ts';

describe('the hosted invoice page', () => {
  it('shows the number, buyer, total, status and the PDF link', () => {
    const html = renderInvoicePage(sampleDocument(), { pdfHref: '/invoices/abc/pdf' });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<title>Invoice BF-000042 — Billfold Demo Operator</title>');
    expect(html).toContain('Globex GmbH');
    expect(html).toContain('$1,234.65');
    expect(html).toContain('Tax (19% DE)');
    expect(html).toContain('>Paid<');
    expect(html).toContain('href="/invoices/abc/pdf"');
    expect(html).toContain('<meta name="robots" content="noindex">');
  });

  it('escapes names and descriptions and carries no script at all', () => {
    const document = sampleDocument({ lines: [seatLine('Seats & "extras" <b>bold</b>')] });
    if (document.invoice.billingDetails) document.invoice.billingDetails.legalName = '<script>alert(1)</script>';
    const html = renderInvoicePage(document, { pdfHref: '/invoices/abc/pdf' });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Seats &amp; &quot;extras&quot; &lt;b&gt;bold&lt;/b&gt;');
  });

  it('an open invoice whose payment failed says what is due and why', () => {
    const html = renderInvoicePage(
      sampleDocument({
        status: 'open',
        paidAt: null,
        payment: { status: 'failed', failureMessage: 'Your card was declined.', nextActionUrl: null },
      }),
      { pdfHref: '/x' },
    );
    expect(html).toContain('>Open<');
    expect(html).toContain('$1,234.65 is due. The last payment attempt failed: Your card was declined.');
  });

  it('a void invoice says nothing is due, never an amount due', () => {
    const html = renderInvoicePage(
      sampleDocument({
        status: 'void',
        paidAt: null,
        payment: { status: 'failed', failureMessage: 'Your card was declined.', nextActionUrl: null },
      }),
      { pdfHref: '/x' },
    );
    expect(html).toContain('Void — nothing is due. Payment declined — nothing was charged.');
    expect(html).not.toMatch(/\$[\d,.]+ (is )?due/);
  });
});

describe('the buyer address', () => {
  it('reads city-first in the US and postal-code-first in Germany', () => {
    const german = renderInvoicePage(sampleDocument(), { pdfHref: '/x' });
    expect(german).toContain('10117 Berlin');
    const document = sampleDocument();
    document.invoice.billingDetails = {
      legalName: 'Acme Inc.',
      email: 'ap@acme.example',
      addressLine1: '500 Howard Street',
      addressLine2: null,
      city: 'San Francisco',
      postalCode: '94105',
      region: 'CA',
      country: 'US',
      taxId: null,
    };
    expect(renderInvoicePage(document, { pdfHref: '/x' })).toContain('San Francisco, CA 94105');
  });
});
