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

/**
 * "−$22.50 balance applied · $22.50 charged", under an invoice the customer balance paid part or all of; "$14.40
 * credited to the balance" under a downgrade's invoice whose credit went there.
 */
export function InvoiceAppliedBalance({ invoice }: { invoice: Invoice }) {
  if (invoice.appliedBalance === 0) return null;
  if (invoice.appliedBalance < 0) {
    return (
      <Text size="xs" c="dimmed" mt={2} data-testid="invoice-applied-balance">
        {formatMoney(-invoice.appliedBalance, invoice.currency)} credited to the balance
      </Text>
    );
  }
  return (
    <Text size="xs" c="dimmed" mt={2} data-testid="invoice-applied-balance">
      −{formatMoney(invoice.appliedBalance, invoice.currency)} balance applied ·{' '}
      {formatMoney(invoice.amountDue, invoice.currency)} {invoice.status === 'paid' ? 'charged' : 'due'}
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
