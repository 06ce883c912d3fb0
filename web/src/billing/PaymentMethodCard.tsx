// Payment method: the default card (brand, last 4, expiry) or none, the way to add or change it, every saved card,
// and the customer balance when the workspace holds credit (taken off the next invoices before the card pays).
import { Button, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCreditCard, IconCreditCardOff, IconPlus, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import type { BillingSummary } from '../api.ts';
import { SectionCard } from '../layout/SectionCard.tsx';
import { AddCardDialog } from './AddCardDialog.tsx';
import { cardLabel, formatExpiry, isExpired } from './card.ts';
import { formatMoney } from './money.ts';
import { PaymentMethodsList } from './PaymentMethodsList.tsx';
import { useCustomerBalance } from './queries.ts';

export function PaymentMethodCard({ summary }: { summary: BillingSummary }) {
  const slug = summary.workspace.slug;
  const card = summary.paymentMethod;
  const canManage = summary.permissions.manage;
  const [adding, setAdding] = useState(false);
  const expired = card ? isExpired(card) : false;
  const balance = useCustomerBalance(slug).data;
  return (
    <SectionCard
      title="Payment method"
      titleId="payment-method-title"
      description="The default card pays renewals, seat changes and open invoices."
      testId="payment-method"
      action={
        canManage && (
          <Button
            variant="default"
            leftSection={card ? <IconRefresh size={16} /> : <IconPlus size={16} />}
            onClick={() => setAdding(true)}
          >
            {card ? 'Change payment method' : 'Add payment method'}
          </Button>
        )
      }
    >
      {card ? (
        <Group gap="md" wrap="nowrap">
          <ThemeIcon size={44} radius="md" variant="light" color="indigo">
            <IconCreditCard size={24} />
          </ThemeIcon>
          <Stack gap={0}>
            <Text fw={600} data-testid="payment-method-card">
              {cardLabel(card)}
            </Text>
            <Text size="sm" c={expired ? 'red.7' : 'dimmed'} data-testid="payment-method-expiry">
              {expired ? 'Expired' : 'Expires'} {formatExpiry(card)}
            </Text>
          </Stack>
        </Group>
      ) : (
        <Group gap="md" wrap="nowrap">
          <ThemeIcon size={44} radius="md" variant="light" color="gray">
            <IconCreditCardOff size={24} />
          </ThemeIcon>
          <Stack gap={0}>
            <Text fw={600} data-testid="payment-method-none">
              No payment method
            </Text>
            <Text size="sm" c="dimmed">
              {summary.plan.id === 'free'
                ? 'The Free plan needs none; add a card before moving to a paid plan.'
                : 'Add a card so that renewals and open invoices can be paid.'}
            </Text>
          </Stack>
        </Group>
      )}
      {balance && balance.balance < 0 && (
        <Text size="sm" mt="sm" data-testid="customer-balance">
          Customer balance: <strong>{formatMoney(-balance.balance, balance.currency)} credit</strong>, taken off the
          next invoices before the card is charged.
        </Text>
      )}
      <PaymentMethodsList slug={slug} canManage={canManage} />
      {canManage && (
        <AddCardDialog slug={slug} opened={adding} onClose={() => setAdding(false)} replacing={card !== null} />
      )}
    </SectionCard>
  );
}
