// Invoices, newest first: date, number (opens the hosted invoice page), amount, card, status, the PDF, and Pay now.
import { Alert, Anchor, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconAlertCircle, IconDownload, IconExternalLink } from '@tabler/icons-react';
import { useState } from 'react';
import { ListState } from '../layout/ListState.tsx';
import { SectionCard } from '../layout/SectionCard.tsx';
import { cardLabel } from './card.ts';
import { formatDate } from './dates.ts';
import { InvoiceStatusBadge } from './InvoiceStatusBadge.tsx';
import { formatMoney } from './money.ts';
import { PayInvoiceButton } from './PayInvoiceButton.tsx';
import { useInvoices } from './queries.ts';

export function InvoicesCard({ slug, canManage }: { slug: string; canManage: boolean }) {
  const invoices = useInvoices(slug);
  const [payError, setPayError] = useState<string | null>(null);
  const rows = invoices.data ?? [];

  return (
    <SectionCard
      title="Invoices"
      titleId="invoices-title"
      description="Open a number for the invoice page you can share; download the PDF for your records."
      testId="invoices"
    >
      {payError && (
        <Alert
          color="red"
          mb="sm"
          role="alert"
          icon={<IconAlertCircle size={18} />}
          title="Payment not completed"
          withCloseButton
          onClose={() => setPayError(null)}
          data-testid="invoice-pay-error"
        >
          {payError}
        </Alert>
      )}
      {invoices.error && rows.length > 0 && (
        <Alert color="red" mb="sm" role="alert" icon={<IconAlertCircle size={18} />}>
          {invoices.error.message}
        </Alert>
      )}
      <ListState list={invoices} empty="No invoices yet." emptyTestId="no-invoices">
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" data-testid="invoices-table" aria-labelledby="invoices-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>Number</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
                <Table.Th>Payment method</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((invoice) => {
                const number = invoice.number ?? 'Draft';
                return (
                  <Table.Tr key={invoice.id} data-testid="invoice-row">
                    <Table.Td>
                      <Text size="sm">{invoice.issuedAt ? formatDate(invoice.issuedAt) : '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        href={invoice.hostedUrl}
                        target="_blank"
                        rel="noopener"
                        size="sm"
                        fw={500}
                        ff="monospace"
                        data-testid="invoice-number"
                      >
                        <Group gap={4} wrap="nowrap" component="span">
                          {number}
                          <IconExternalLink size={14} stroke={1.6} aria-hidden />
                        </Group>
                      </Anchor>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text
                        size="sm"
                        fw={500}
                        data-testid="invoice-amount"
                        style={{ fontVariantNumeric: 'tabular-nums' }}
                      >
                        {formatMoney(invoice.total, invoice.currency)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={invoice.paymentMethod ? undefined : 'dimmed'}>
                        {invoice.paymentMethod ? cardLabel(invoice.paymentMethod) : '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <InvoiceStatusBadge invoice={invoice} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        {canManage && invoice.status === 'open' && (
                          <PayInvoiceButton slug={slug} invoice={invoice} onResult={setPayError} />
                        )}
                        <Button
                          component="a"
                          href={invoice.pdfUrl}
                          download
                          size="compact-sm"
                          variant="subtle"
                          leftSection={<IconDownload size={14} />}
                          aria-label={`Download ${number} as PDF`}
                        >
                          Download
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </ListState>
    </SectionCard>
  );
}
