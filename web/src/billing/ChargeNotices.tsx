// What a dialog that charges the default card says about the payment: a card to add first, the card it charges, the
// bank's confirmation it waits for, or why the charge failed (with a way to try another card). A lost connection is
// told as such: sending again reuses the request's Idempotency-Key (useChargedChange), so it is charged at most once.
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertCircle, IconClockPause, IconCreditCard } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { type BillingSummary, ConnectionLostError, isApiError } from '../api.ts';
import { cardLabel } from './card.ts';

export function ChargeNotices({
  testId,
  card,
  needsCard,
  charged,
  awaiting,
  error,
  errorTitle,
  onUseAnotherCard,
}: {
  /** Prefix of the notices' test ids: `${testId}-needs-card`, `-card`, `-awaiting`, `-error`. */
  testId: string;
  card: BillingSummary['paymentMethod'];
  /** Why a card is needed, while the workspace has none; null when none is needed. */
  needsCard: ReactNode;
  /** The choice is charged to the card (names the card). */
  charged: boolean;
  /** What waits for the bank's confirmation; null when nothing does. */
  awaiting: ReactNode;
  error: Error | null;
  errorTitle: string;
  onUseAnotherCard: () => void;
}) {
  return (
    <>
      {needsCard && (
        <Alert
          color="indigo"
          icon={<IconCreditCard size={18} />}
          title="Add a card first"
          data-testid={`${testId}-needs-card`}
        >
          {needsCard}
        </Alert>
      )}
      {!needsCard && charged && card && (
        <Group gap={6} wrap="nowrap">
          <IconCreditCard size={16} stroke={1.6} color="var(--mantine-color-gray-6)" />
          <Text size="sm" c="dimmed" data-testid={`${testId}-card`}>
            Charged to {cardLabel(card)}
          </Text>
        </Group>
      )}
      {awaiting && (
        <Alert
          color="yellow"
          icon={<IconClockPause size={18} />}
          title="Waiting for your bank"
          data-testid={`${testId}-awaiting`}
        >
          {awaiting}
        </Alert>
      )}
      {error && (
        <Alert
          color="red"
          role="alert"
          icon={<IconAlertCircle size={18} />}
          title={error instanceof ConnectionLostError ? 'No answer from Billfold' : errorTitle}
          data-testid={`${testId}-error`}
        >
          {error.message}
          {error instanceof ConnectionLostError &&
            ' Sending it again is safe: it is the same request, so it is charged at most once.'}
          {/* A declined card: another one can be added and tried from the same dialog. */}
          {isApiError(error, 402) && (
            <Button display="block" mt="sm" size="xs" variant="default" onClick={onUseAnotherCard}>
              Use another card
            </Button>
          )}
        </Alert>
      )}
    </>
  );
}
