// The invoice as the API, the page, the hosted page and the PDF show it (DESIGN.md section 4, plus the
// buyer snapshot, tax rate, line periods and the latest payment attempt).
import type { InvoiceBuyerSnapshot, InvoiceTaxRateSnapshot, PaymentAttemptStatus } from '../../db/tables.ts';
import type { InvoiceStatusName } from '../../domain/invoices/invoice-status.ts';

export interface InvoiceLineView {
  description: string;
  quantity: number;
  unitAmount: number;
  amount: number;
  periodStart: Date | null;
  periodEnd: Date | null;
  proration: boolean;
}

export interface InvoicePaymentView {
  status: PaymentAttemptStatus;
  /** Why the last charge failed, in the card processor's words. */
  failureMessage: string | null;
  /** Where the cardholder confirms a payment that requires authentication. */
  nextActionUrl: string | null;
}

/** A credit note as its invoice lists it. */
export interface InvoiceCreditNoteView {
  id: string;
  number: string;
  total: number;
  creditedTo: 'card' | 'balance';
  issuedAt: Date;
  hostedUrl: string;
  pdfUrl: string;
}

export interface InvoiceView {
  id: string;
  number: string | null;
  status: InvoiceStatusName;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  taxRate: InvoiceTaxRateSnapshot | null;
  issuedAt: Date | null;
  paidAt: Date | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  lines: InvoiceLineView[];
  /** The card that paid it (or was last tried). */
  paymentMethod: { brand: string; last4: string } | null;
  /** Billing details as they were when the invoice was finalized. */
  billingDetails: InvoiceBuyerSnapshot | null;
  payment: InvoicePaymentView | null;
  /** Why a void invoice is void, in words for the payer; null unless void. */
  voidReason: string | null;
  /** What the customer balance paid of it when it was finalized (docs/decisions/023). */
  appliedBalance: number;
  /** The total less the applied balance: what the card is charged. */
  amountDue: number;
  /** What its credit notes took back (to the card or the balance), in minor units (docs/decisions/022). */
  amountCredited: number;
  /** Its credit notes, oldest first. */
  creditNotes: InvoiceCreditNoteView[];
  hostedUrl: string;
  pdfUrl: string;
}

/** The operator who issues the invoices (configuration), printed as the seller. */
export interface SellerDetails {
  name: string;
  addressLines: string[];
  email: string | null;
  taxId: string | null;
}

/** Everything an invoice document (PDF, hosted page) prints. */
export interface InvoiceDocument {
  invoice: InvoiceView;
  seller: SellerDetails;
  workspaceName: string;
}

/** What the hosted page prints besides the document: whether the workspace's subscription is past due. */
export interface HostedInvoiceDocument extends InvoiceDocument {
  subscriptionPastDue: boolean;
}
