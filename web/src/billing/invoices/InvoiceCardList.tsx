// The invoice list on a phone: one stacked card per invoice (number and status, date and card, the total, the
// actions), so nothing needs a sideways scroll and no action is left out.
import { Group, Paper, Stack, Text } from '@mantine/core';
import { cardLabel } from '../card.ts';
import { formatDate } from '../dates.ts';
import { InvoiceStatusBadge } from '../InvoiceStatusBadge.tsx';
import { InvoiceActions } from './InvoiceActions.tsx';
import { InvoiceAmount, InvoiceAppliedBalance, InvoiceVoidReason } from './InvoiceAmount.tsx';
import { InvoiceCreditNotes } from './InvoiceCreditNotes.tsx';
import { InvoiceNumberLink } from './InvoiceNumberLink.tsx';
import type { InvoiceListProps } from './InvoiceTable.tsx';

export function InvoiceCardList({ slug, invoices, canManage, onPayResult }: InvoiceListProps) {
  return (
    <Stack
      component="ul"
      gap="xs"
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
      aria-labelledby="invoices-title"
      data-testid="invoices-list"
    >
      {invoices.map((invoice) => (
        <Paper component="li" key={invoice.id} withBorder radius="md" p="sm" data-testid="invoice-row">
          <Stack gap={6}>
            <Group justify="space-between" align="center" wrap="nowrap" gap="xs">
              <InvoiceNumberLink invoice={invoice} />
              <InvoiceStatusBadge invoice={invoice} />
            </Group>
            <Group justify="space-between" align="baseline" wrap="nowrap" gap="xs">
              <Text size="sm" c="dimmed" miw={0}>
                {invoice.issuedAt ? formatDate(invoice.issuedAt) : '—'}
                {invoice.paymentMethod && ` · ${cardLabel(invoice.paymentMethod)}`}
              </Text>
              <InvoiceAmount invoice={invoice} size="md" />
            </Group>
            <InvoiceVoidReason invoice={invoice} />
            <InvoiceAppliedBalance invoice={invoice} />
            <InvoiceCreditNotes invoice={invoice} />
            <InvoiceActions
              slug={slug}
              invoice={invoice}
              canManage={canManage}
              onPayResult={onPayResult}
              justify="flex-start"
            />
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
