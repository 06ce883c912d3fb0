// An invoice's status as a badge; an open invoice says why it is still open when its last payment says so.
import { Badge } from '@mantine/core';
import type { Invoice } from '../api.ts';

function statusOf(invoice: Invoice): { label: string; color: string } {
  switch (invoice.status) {
    case 'paid':
      return { label: 'Paid', color: 'green' };
    case 'void':
      return { label: 'Void', color: 'gray' };
    case 'uncollectible':
      return { label: 'Uncollectible', color: 'red' };
    case 'open':
      if (invoice.payment?.status === 'requires_action') return { label: 'Needs authentication', color: 'orange' };
      if (invoice.payment?.status === 'failed') return { label: 'Payment failed', color: 'red' };
      if (invoice.payment?.status === 'pending') return { label: 'Processing', color: 'blue' };
      return { label: 'Open', color: 'yellow' };
    default:
      return { label: String(invoice.status), color: 'gray' };
  }
}

export function InvoiceStatusBadge({ invoice }: { invoice: Invoice }) {
  const { label, color } = statusOf(invoice);
  return (
    <Badge color={color} variant="light" radius="sm" data-testid="invoice-status">
      {label}
    </Badge>
  );
}
