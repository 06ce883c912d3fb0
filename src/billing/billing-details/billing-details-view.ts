// The buyer's details printed on invoices: legal name, address, country (which picks the tax rate), tax id.
import type { InvoiceBuyerSnapshot } from '../../db/tables.ts';

export interface BillingDetailsView {
  legalName: string | null;
  email: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  postalCode: string | null;
  region: string | null;
  country: string | null;
  taxId: string | null;
  /** Null until someone saves the details. */
  updatedAt: Date | null;
}

export type BillingDetailsInput = InvoiceBuyerSnapshot;

export const noBillingDetails: BillingDetailsView = {
  legalName: null,
  email: null,
  addressLine1: null,
  addressLine2: null,
  city: null,
  postalCode: null,
  region: null,
  country: null,
  taxId: null,
  updatedAt: null,
};
