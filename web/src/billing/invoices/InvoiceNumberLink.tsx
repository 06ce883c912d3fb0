// An invoice's number as the link to its hosted page (a new tab): the page the payer can be sent.
import { Anchor, Group } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import type { Invoice } from '../../api.ts';

export function InvoiceNumberLink({ invoice }: { invoice: Invoice }) {
  return (
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
        {invoice.number ?? 'Draft'}
        <IconExternalLink size={14} stroke={1.6} aria-hidden />
      </Group>
    </Anchor>
  );
}
