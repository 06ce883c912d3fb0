// Invoices, newest first: date, number (opens the hosted invoice page), amount, card, status, the PDF, and Pay now;
// a table on wide screens, stacked cards on a phone. Void invoices (a declined first payment leaves one) are
// folded away behind "Show void invoices" (counting the pages loaded so far), each with its reason; Export CSV
// downloads the whole list with totals.
import { Alert, Button, Group, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertCircle, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { errorInWords } from '../layout/change-notices.ts';
import { ListState } from '../layout/ListState.tsx';
import { SectionCard } from '../layout/SectionCard.tsx';
import { InvoiceCardList } from './invoices/InvoiceCardList.tsx';
import { InvoiceTable } from './invoices/InvoiceTable.tsx';
import { useInvoices } from './queries.ts';

export function InvoicesCard({ slug, canManage }: { slug: string; canManage: boolean }) {
  const invoices = useInvoices(slug);
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const [payError, setPayError] = useState<string | null>(null);
  const [showVoid, setShowVoid] = useState(false);
  const rows = invoices.data ?? [];
  const voidCount = rows.filter((invoice) => invoice.status === 'void').length;
  const shown = showVoid ? rows : rows.filter((invoice) => invoice.status !== 'void');
  const List = wide ? InvoiceTable : InvoiceCardList;

  return (
    <SectionCard
      title="Invoices"
      titleId="invoices-title"
      description="Open a number for the invoice page you can share; download the PDF for your records."
      testId="invoices"
      action={
        rows.length > 0 && (
          <Button
            component="a"
            href={`/v1/workspaces/${slug}/invoices.csv`}
            download
            variant="default"
            size="xs"
            leftSection={<IconDownload size={14} />}
            data-testid="invoices-export"
          >
            Export CSV
          </Button>
        )
      }
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
          {errorInWords(invoices.error)}
        </Alert>
      )}
      <ListState list={invoices} empty="No invoices yet." emptyTestId="no-invoices">
        {shown.length > 0 ? (
          <List slug={slug} invoices={shown} canManage={canManage} onPayResult={setPayError} />
        ) : (
          <Text c="dimmed" size="sm" data-testid="invoices-only-void">
            {invoices.hasNextPage
              ? 'The latest invoices are void ones, for payments that did not go through; older invoices follow.'
              : 'No invoices to pay or keep: only void ones, for payments that did not go through.'}
          </Text>
        )}
        {voidCount > 0 && (
          <Group mt="xs">
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => setShowVoid((shownNow) => !shownNow)}
              aria-expanded={showVoid}
              data-testid="invoices-void-toggle"
            >
              {showVoid
                ? 'Hide void invoices'
                : `Show void invoices (${voidCount}${invoices.hasNextPage ? ' so far' : ''})`}
            </Button>
          </Group>
        )}
      </ListState>
    </SectionCard>
  );
}
