// The credit ledger, newest first, ten at a time: what happened, the signed credits and the balance after; Load more
// and Export CSV (the whole ledger, from the server).
import { Alert, Badge, Button, Center, Group, Loader, Table, Text } from '@mantine/core';
import { IconAlertCircle, IconDownload } from '@tabler/icons-react';
import type { CreditTransaction } from '../../api.ts';
import tables from '../../layout/StackedTable.module.css';
import { formatDate } from '../dates.ts';
import { formatCreditCount } from './credit-amounts.ts';
import { useCreditTransactions } from './queries.ts';

const typeBadges: Record<CreditTransaction['type'], { label: string; color: string }> = {
  grant: { label: 'Grant', color: 'teal' },
  debit: { label: 'Used', color: 'indigo' },
  expiry: { label: 'Expired', color: 'gray' },
  adjustment: { label: 'Adjustment', color: 'grape' },
};

export function CreditTransactionsTable({ slug }: { slug: string }) {
  const transactions = useCreditTransactions(slug);
  if (transactions.isPending) {
    return (
      <Center py="sm">
        <Loader size="sm" />
      </Center>
    );
  }
  if (transactions.error) {
    return (
      <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />}>
        {transactions.error.message}
      </Alert>
    );
  }
  const rows = transactions.data;
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="credit-transactions-none">
        No credits granted or used yet.
      </Text>
    );
  }
  return (
    <>
      <Table
        verticalSpacing={6}
        fz="sm"
        data-testid="credit-transactions"
        aria-labelledby="credit-transactions-title"
        className={tables.stacked}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Date</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th ta="right">Credits</Table.Th>
            <Table.Th ta="right">Balance</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((entry) => {
            const badge = typeBadges[entry.type] ?? { label: entry.type, color: 'gray' };
            return (
              <Table.Tr key={entry.id} data-testid="credit-transaction">
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(entry.createdAt)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={badge.color} size="sm" radius="sm">
                    {badge.label}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={entry.description ? undefined : 'dimmed'} lineClamp={1}>
                    {entry.description || '—'}
                  </Text>
                </Table.Td>
                <Table.Td
                  ta="right"
                  c={entry.credits < 0 ? undefined : 'teal.9'}
                  data-label="Credits"
                  style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
                  data-testid="credit-transaction-credits"
                >
                  {entry.credits > 0 ? '+' : entry.credits < 0 ? '−' : ''}
                  {formatCreditCount(Math.abs(entry.credits))}
                </Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }} data-label="Balance">
                  {formatCreditCount(entry.balanceAfter)}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Group justify="space-between" mt="sm" gap="sm">
        {transactions.hasNextPage ? (
          <Button
            variant="default"
            size="xs"
            onClick={() => transactions.fetchNextPage()}
            loading={transactions.isFetchingNextPage}
            data-testid="credit-transactions-more"
          >
            Load more
          </Button>
        ) : (
          <span />
        )}
        <Button
          component="a"
          href={`/v1/workspaces/${slug}/credits/transactions.csv`}
          download
          variant="default"
          size="xs"
          leftSection={<IconDownload size={14} />}
          data-testid="credit-transactions-export"
        >
          Export CSV
        </Button>
      </Group>
    </>
  );
}
