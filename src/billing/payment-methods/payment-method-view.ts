// A saved card as the API and the page show it.
import type { PaymentMethodRow } from '../../db/tables.ts';

export interface PaymentMethodView {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
  createdAt: Date;
}

export function paymentMethodView(row: PaymentMethodRow, defaultId: string | null): PaymentMethodView {
  return {
    id: row.id,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.exp_month,
    expYear: row.exp_year,
    isDefault: row.id === defaultId,
    createdAt: row.created_at,
  };
}
