// A saved card as the API and the page show it.
import type { SavedCard } from './payment-methods.queries.ts';

export interface PaymentMethodView {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
  createdAt: Date;
}

export function paymentMethodView(card: SavedCard, defaultId: string | null): PaymentMethodView {
  return {
    id: card.id,
    brand: card.brand,
    last4: card.last4,
    expMonth: card.expMonth,
    expYear: card.expYear,
    isDefault: card.id === defaultId,
    createdAt: card.createdAt,
  };
}
