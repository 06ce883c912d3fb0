// A finalized invoice document for the renderer tests, with overridable parts.
import type { InvoiceDocument, InvoiceLineView, InvoiceView } from '../../../../src/billing/invoices/invoice-view.ts';

export function seatLine(description: string, overrides: Partial<InvoiceLineView> = {}): InvoiceLineView {
  return {
    description,
    quantity: 3,
    unitAmount: 1200,
    amount: 3600,
    periodStart: new Date('2026-10-01T00:00:00Z'),
    periodEnd: new Date('2026-11-01T00:00:00Z'),
    proration: false,
    ...overrides,
  };
}

export function sampleDocument(invoice: Partial<InvoiceView> = {}): InvoiceDocument {
  return {
    invoice: {
      id: 'inv_sample',
      number: 'BF-000042',
      status: 'paid',
      currency: 'usd',
      subtotal: 103752,
      tax: 19713,
      total: 123465,
      taxRate: { country: 'DE', percent: '19' },
      issuedAt: new Date('2026-10-01T00:00:00Z'),
      paidAt: new Date('2026-10-02T00:00:00Z'),
      periodStart: new Date('2026-10-01T00:00:00Z'),
      periodEnd: new Date('2026-11-01T00:00:00Z'),
      lines: [
        seatLine('Team (monthly) — per seat', { quantity: 86, unitAmount: 1206, amount: 103716 }),
        seatLine('Setup', { quantity: 1, unitAmount: 36, amount: 36, periodStart: null, periodEnd: null }),
      ],
      paymentMethod: { brand: 'visa', last4: '4242' },
      billingDetails: {
        legalName: 'Globex GmbH',
        email: 'ap@globex.example',
        addressLine1: 'Friedrichstraße 1',
        addressLine2: null,
        city: 'Berlin',
        postalCode: '10117',
        region: null,
        country: 'DE',
        taxId: 'DE123456789',
      },
      payment: { status: 'succeeded', failureMessage: null, nextActionUrl: null },
      voidReason: null,
      appliedBalance: 0,
      amountDue: (invoice.total ?? 123465) - (invoice.appliedBalance ?? 0),
      amountCredited: 0,
      creditNotes: [],
      hostedUrl: 'http://localhost:3000/invoices/token',
      pdfUrl: 'http://localhost:3000/v1/workspaces/ws_1/invoices/inv_sample/pdf',
      ...invoice,
    },
    seller: {
      name: 'Billfold Demo Operator',
      addressLines: ['1 Market Street', 'San Francisco, CA 94105'],
      email: null,
      taxId: 'US-EIN-12',
    },
    workspaceName: 'Globex',
  };
}
