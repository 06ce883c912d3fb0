// The hosted invoice page: the same facts as the PDF, every user-written value escaped, no script but the card
// form's own on an open invoice; an open invoice's due date, and the amount due now while past due.
import { describe, expect, it } from 'vitest';
import {
  type HostedPageLinks,
  renderInvoicePage as renderPage,
} from '../../../../src/billing/invoices/documents/invoice-page.ts';
import type { InvoiceDocument } from '../../../../src/billing/invoices/invoice-view.ts';
import { sampleDocument, seatLine } from './sample-invoice.ts';

const pay = { href: '/invoices/abc/pay', scriptSrc: '/invoices/pay.js', testMode: true };

function renderInvoicePage(
  document: InvoiceDocument,
  links: Partial<HostedPageLinks> & { pdfHref: string },
  subscriptionPastDue = false,
) {
  return renderPage({ ...document, subscriptionPastDue }, { pay, ...links });
}

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

  it('escapes names and descriptions and carries no script on a paid invoice', () => {
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

describe('paying an open invoice from its page', () => {
  const open = () =>
    sampleDocument({ status: 'open', paidAt: null, issuedAt: new Date('2026-11-25T10:00:00Z'), payment: null });

  it('shows its due date, a "Pay $…" card form and only the script Billfold serves for it', () => {
    const html = renderInvoicePage(open(), { pdfHref: '/x' });
    expect(html).toContain('Due Nov 25, 2026');
    expect(html).toContain('>Pay $1,234.65</button>');
    expect(html).toContain('data-pay-url="/invoices/abc/pay"');
    expect(html).toContain('<label for="card-number">Card number</label>');
    expect(html.match(/<script[^>]*>/gi)).toEqual(['<script src="/invoices/pay.js" defer>']);
    expect(html).not.toContain('Amount due now');
  });

  it('says "Amount due now" at the top while the subscription is past due', () => {
    const html = renderInvoicePage(open(), { pdfHref: '/x' }, true);
    expect(html).toContain('Amount due now: $1,234.65');
    expect(html.indexOf('Amount due now')).toBeLessThan(html.indexOf('Invoice number'));
  });

  it('opens on the confirmation step when the payment waits for the bank', () => {
    const html = renderInvoicePage(
      sampleDocument({
        status: 'open',
        paidAt: null,
        payment: { status: 'requires_action', failureMessage: null, nextActionUrl: '/sandbox/v1/charges/ch_1/confirm' },
      }),
      { pdfHref: '/x' },
    );
    expect(html).toContain('data-next-action-url="/sandbox/v1/charges/ch_1/confirm"');
    expect(html).toContain('Your bank asks you to confirm this payment of $1,234.65.');
  });

  it('never offers to pay a paid or void invoice, nor shows a due date there', () => {
    for (const status of ['paid', 'void'] as const) {
      const html = renderInvoicePage(sampleDocument({ status }), { pdfHref: '/x' }, true);
      expect(html).not.toContain('pay-form');
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toContain('Due ');
      expect(html).not.toContain('Amount due now');
    }
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
