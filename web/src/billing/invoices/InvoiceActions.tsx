// What can be done with an invoice from the list: Pay now (an open one) or Refund (a paid one), for billing managers,
// and its PDF.
import { Button, Group } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import type { Invoice } from '../../api.ts';
import { PayInvoiceButton } from '../PayInvoiceButton.tsx';
import { RefundInvoiceButton } from './RefundInvoiceButton.tsx';

export function InvoiceActions({
  slug,
  invoice,
  canManage,
  onPayResult,
  justify,
}: {
  slug: string;
  invoice: Invoice;
  canManage: boolean;
  onPayResult: (error: string | null) => void;
  justify: 'flex-start' | 'flex-end';
}) {
  return (
    <Group gap="xs" justify={justify} wrap="nowrap">
      {canManage && invoice.status === 'open' && (
        <PayInvoiceButton slug={slug} invoice={invoice} onResult={onPayResult} />
      )}
      {canManage && invoice.status === 'paid' && <RefundInvoiceButton slug={slug} invoice={invoice} />}
      <Button
        component="a"
        href={invoice.pdfUrl}
        download
        size="compact-sm"
        variant="subtle"
        leftSection={<IconDownload size={14} />}
        aria-label={`Download ${invoice.number ?? 'Draft'} as PDF`}
      >
        Download
      </Button>
    </Group>
  );
}
