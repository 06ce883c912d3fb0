// The invoice list on a wide screen: a table of date, number, amount, card, status and the actions.
import { Table, Text, VisuallyHidden } from '@mantine/core';
import type { Invoice } from '../../api.ts';
import { cardLabel } from '../card.ts';
import { formatDate } from '../dates.ts';
import { InvoiceStatusBadge } from '../InvoiceStatusBadge.tsx';
import { InvoiceActions } from './InvoiceActions.tsx';
import { InvoiceAmount, InvoiceAppliedBalance, InvoiceVoidReason } from './InvoiceAmount.tsx';
import { InvoiceCreditNotes } from './InvoiceCreditNotes.tsx';
import { InvoiceNumberLink } from './InvoiceNumberLink.tsx';

/** What both layouts of the invoice list (this table, and the stacked cards on a phone) are given. */
export interface InvoiceListProps {
  slug: string;
  invoices: Invoice[];
  canManage: boolean;
  onPayResult: (error: string | null) => void;
}

export function InvoiceTable({ slug, invoices, canManage, onPayResult }: InvoiceListProps) {
  return (
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
          {invoices.map((invoice) => (
            <Table.Tr key={invoice.id} data-testid="invoice-row">
              <Table.Td>
                <Text size="sm">{invoice.issuedAt ? formatDate(invoice.issuedAt) : '—'}</Text>
              </Table.Td>
              <Table.Td>
                <InvoiceNumberLink invoice={invoice} />
                <InvoiceCreditNotes invoice={invoice} />
              </Table.Td>
              <Table.Td ta="right">
                <InvoiceAmount invoice={invoice} />
                <InvoiceAppliedBalance invoice={invoice} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={invoice.paymentMethod ? undefined : 'dimmed'}>
                  {invoice.paymentMethod ? cardLabel(invoice.paymentMethod) : '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <InvoiceStatusBadge invoice={invoice} />
                <InvoiceVoidReason invoice={invoice} />
              </Table.Td>
              <Table.Td>
                <InvoiceActions
                  slug={slug}
                  invoice={invoice}
                  canManage={canManage}
                  onPayResult={onPayResult}
                  justify="flex-end"
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
