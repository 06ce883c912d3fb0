// The credit notes of an invoice, listed under its number: each number links to the credit note's hosted page (a
// new tab), with the amount it took back and where it went.
import { Anchor, Group, Stack, Text } from '@mantine/core';
import { IconReceiptRefund } from '@tabler/icons-react';
import type { Invoice } from '../../api.ts';
import { formatMoney } from '../money.ts';

export function InvoiceCreditNotes({ invoice }: { invoice: Invoice }) {
  if (invoice.creditNotes.length === 0) return null;
  return (
    <Stack gap={2} mt={4} data-testid="invoice-credit-notes">
      {invoice.creditNotes.map((note) => (
        <Group key={note.id} gap={4} wrap="nowrap">
          <IconReceiptRefund size={14} stroke={1.6} aria-hidden />
          <Anchor
            href={note.hostedUrl}
            target="_blank"
            rel="noopener"
            size="xs"
            ff="monospace"
            data-testid="credit-note-link"
          >
            {note.number}
          </Anchor>
          <Text size="xs" c="dimmed">
            −{formatMoney(note.total, invoice.currency)} {note.creditedTo === 'card' ? 'to card' : 'to balance'}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
