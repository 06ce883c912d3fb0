// An invoice's total; struck through on a void invoice, which nobody owes, with the reason it is void under it.
import { Text } from '@mantine/core';
import type { Invoice } from '../../api.ts';
import { formatMoney } from '../money.ts';

export function InvoiceAmount({ invoice, size = 'sm' }: { invoice: Invoice; size?: 'sm' | 'md' }) {
  return (
    <Text
      size={size}
      fw={500}
      td={invoice.status === 'void' ? 'line-through' : undefined}
      data-testid="invoice-amount"
      style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
    >
      {formatMoney(invoice.total, invoice.currency)}
    </Text>
  );
}

/** "Payment declined — nothing was charged", under a void invoice; nothing for the others. */
export function InvoiceVoidReason({ invoice }: { invoice: Invoice }) {
  if (invoice.status !== 'void' || !invoice.voidReason) return null;
  return (
    <Text size="xs" c="dimmed" mt={2} data-testid="invoice-void-reason">
      {invoice.voidReason}
    </Text>
  );
}
