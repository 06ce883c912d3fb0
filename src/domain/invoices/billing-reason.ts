// What an invoice is issued for: it decides what the invoice's payment settles (src/billing/invoice-settlements.ts).
export type BillingReason =
  | 'manual'
  | 'subscription_create'
  | 'subscription_update'
  | 'seats'
  | 'subscription_cycle'
  | 'credit_purchase';
