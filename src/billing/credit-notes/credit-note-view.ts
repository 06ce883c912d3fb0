// The credit note as the API, the page, the hosted page and the PDF show it (docs/decisions/022).
import type { CreditedTo, CreditNoteLineSnapshot, CreditNoteReason, InvoiceBuyerSnapshot } from '../../db/tables.ts';
import type { SellerDetails } from '../invoices/invoice-view.ts';

export interface CreditNoteView {
  id: string;
  number: string;
  invoiceId: string;
  invoiceNumber: string;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  reason: CreditNoteReason;
  memo: string | null;
  creditedTo: CreditedTo;
  lines: CreditNoteLineSnapshot[];
  /** The buyer as printed on the invoice it credits. */
  billingDetails: InvoiceBuyerSnapshot | null;
  issuedAt: Date;
  hostedUrl: string;
  pdfUrl: string;
}

/** Everything a credit note document (PDF, hosted page) prints. */
export interface CreditNoteDocument {
  creditNote: CreditNoteView;
  seller: SellerDetails;
  workspaceName: string;
}
